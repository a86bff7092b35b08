// The board's custom nodes: the poster's blocks, the cards in them and free
// sticky notes. Each is memoised and reads only its own slice of the store
// (its item, its badge), never the node list, so an edit re-renders one card.
// They read the canvas the board shows (`shownCanvas`): while an old revision
// is previewed, that one, with no badges (the findings are the open
// canvas's) and nothing to edit.
import { memo, useMemo, useState } from "react";
import type { NodeProps, NodeTypes } from "@xyflow/react";
import { ARCHETYPES } from "../bindings/tables";
import { block, type BlockId } from "../logic/blocks";
import { cardFace, itemOfNode, KINDS } from "../logic/cards";
import { digestLine, digestParts, tablesParts, type PortDigest } from "../logic/contract";
import { ARCHETYPE_HINTS, ARCHETYPE_LABELS } from "../logic/labels";
import { dayOf } from "../logic/time";
import {
  previewing,
  shownCanvas,
  shownSelected,
  useBoard,
  type BlockNode,
  type CardNode,
  type NoteNode,
} from "../state/board";
import { FindingBadge } from "./Badge";

const plural = (w: string) => (w.endsWith("y") ? `${w.slice(0, -1)}ies` : `${w}s`);

function Empty({ children }: { children: string }) {
  return <div className="block-empty">{children}</div>;
}

function BlockSummary({ id }: { id: BlockId }) {
  const product = useBoard((s) => shownCanvas(s)?.product);
  const domain = useBoard((s) => shownCanvas(s)?.domain);
  const metadata = useBoard((s) => shownCanvas(s)?.metadata);
  const design = useBoard((s) => shownCanvas(s)?.design);
  const obs = useBoard((s) => shownCanvas(s)?.observability);
  const edit = useBoard((s) => s.edit);
  const readOnly = useBoard(previewing);
  const savedAt = useBoard((s) => s.preview?.savedAt ?? s.savedAt);
  if (!product || !domain || !metadata || !design || !obs) return null;
  switch (id) {
    case "name":
      return (
        <div className="summary summary-name">
          <div className="summary-title">{product.name || "Unnamed product"}</div>
          <div className="mono muted">{product.id}</div>
          {savedAt ? (
            <div className="muted small" data-testid="name-saved-on">
              Saved {dayOf(savedAt)}
            </div>
          ) : null}
          <div className="chips">
            <span className={`pill status-${product.status}`}>{product.status}</span>
            <span className="pill">v{product.version || "—"}</span>
            {product.tags.filter(Boolean).map((t) => (
              <span key={t} className="pill pill-soft">
                {t}
              </span>
            ))}
          </div>
        </div>
      );
    case "domain":
      return (
        <div className="summary">
          <div className="summary-title">{domain.name || "No domain"}</div>
          <dl className="kv">
            <dt>Team</dt>
            <dd>{domain.team.name || <em>not named</em>}</dd>
            <dt>Owner</dt>
            <dd>{domain.productOwner.name || <em>not named</em>}</dd>
            <dt>Support</dt>
            <dd>{domain.team.support.map((s) => s.channel).join(", ") || <em>none</em>}</dd>
          </dl>
        </div>
      );
    case "purpose":
      return (
        <div className="summary">
          {product.purpose ? (
            <p className="purpose">{product.purpose}</p>
          ) : (
            <Empty>
              Why does this product exist? Click to state its purpose and key business rules.
            </Empty>
          )}
        </div>
      );
    case "design":
      return (
        <div className="summary">
          <dl className="kv kv-inline">
            <dt>Technology</dt>
            <dd>{design.technology || <em>—</em>}</dd>
            <dt>Schedule</dt>
            <dd>{design.schedule || <em>—</em>}</dd>
          </dl>
          {design.notes ? <p className="muted clamp-1 design-notes">{design.notes}</p> : null}
        </div>
      );
    case "metadata":
      return (
        <div className="summary">
          {/* One line per pair, cut with an ellipsis; the whole text is the tooltip. */}
          <dl className="kv kv-inline kv-meta">
            <dt>Licence</dt>
            <dd title={metadata.license || undefined}>{metadata.license || <em>—</em>}</dd>
            <dt>Review by</dt>
            <dd>{metadata.expiry || <em>—</em>}</dd>
            <dt>PII</dt>
            <dd title={metadata.piiSummary || undefined}>{metadata.piiSummary || <em>—</em>}</dd>
            <dt>Security</dt>
            <dd title={metadata.securityNotes || undefined}>
              {metadata.securityNotes || <em>—</em>}
            </dd>
          </dl>
        </div>
      );
    case "observability":
      return (
        <div className="summary summary-right">
          <span className="muted">
            {obs.metrics.length} metrics · {obs.alarms.length} alarms
          </span>
        </div>
      );
    case "classification":
      return (
        <div className="archetypes nodrag">
          {ARCHETYPES.map((a) => (
            <button
              key={a}
              type="button"
              className={`archetype ${product.archetype === a ? "on" : ""}`}
              data-testid={`archetype-${a}`}
              disabled={readOnly}
              onClick={(e) => {
                e.stopPropagation();
                edit((c) => ({ ...c, product: { ...c.product, archetype: a } }));
              }}
            >
              <strong>{ARCHETYPE_LABELS[a]}</strong>
              <span>{ARCHETYPE_HINTS[a]}</span>
            </button>
          ))}
        </div>
      );
    default:
      return null;
  }
}

const BlockView = memo(function BlockView({ data, width, height }: NodeProps<BlockNode>) {
  const b = block(data.block);
  const badge = useBoard((s) => (s.preview ? undefined : s.badges[`block:${b.id}`]));
  const isSelected = useBoard((s) => shownSelected(s) === `block:${b.id}`);
  const count = useBoard((s) => {
    const c = shownCanvas(s);
    return b.cardKind && c ? KINDS[b.cardKind].list(c).length : -1;
  });
  const readOnly = useBoard(previewing);
  const select = useBoard((s) => s.select);
  const addCard = useBoard((s) => s.addCard);
  return (
    <div
      className={`block block-${b.id} ${isSelected ? "selected" : ""}`}
      data-testid={`block-${b.id}`}
      style={{ width, height }}
      onClick={() => select(`block:${b.id}`)}
    >
      <header className="block-head">
        {b.step === undefined ? null : <span className="step">{b.step}</span>}
        <div className="block-titles">
          <h2>{b.title}</h2>
          <p>{b.hint}</p>
        </div>
        <FindingBadge badge={badge} />
        {b.cardKind && !readOnly ? (
          <button
            type="button"
            className="icon-btn nodrag"
            data-testid={`block-add-${b.id}`}
            title={`Add ${KINDS[b.cardKind].label.toLowerCase()}`}
            onClick={(e) => {
              e.stopPropagation();
              addCard(b.cardKind!);
            }}
          >
            +
          </button>
        ) : null}
      </header>
      <BlockSummary id={b.id} />
      {count === 0 ? (
        <div className="block-placeholder">
          No {plural(KINDS[b.cardKind!].label.toLowerCase())}
          {readOnly ? null : (
            <>
              {" "}
              yet · press <kbd>+</kbd>
            </>
          )}
        </div>
      ) : null}
    </div>
  );
});

/**
 * An output port's digest: what it holds in counts (tables, fields, servers,
 * quality rules) and its first tables by name, one line each. The counts
 * line shows whole counts only, as many as fit; the whole digest is the
 * tooltip. Nothing when the port holds nothing.
 */
export function ContractDigest({ digest }: { digest: PortDigest }) {
  const counts = digestParts(digest);
  if (counts.length === 0) return null;
  const tables = tablesParts(digest);
  const title = [
    digestLine(digest),
    digest.tables.length ? `Tables: ${digest.tables.join(", ")}` : "",
    digest.servers.length ? `Servers: ${digest.servers.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
  return (
    <div className="card-digest" data-testid="card-digest" title={title}>
      <div className="digest-counts" data-testid="card-digest-counts">
        {counts.map((c, i) => (
          <span key={i}>{i === 0 ? c : ` · ${c}`}</span>
        ))}
      </div>
      {tables.names ? (
        // The names are cut with an ellipsis, never how many more there are.
        <div className="digest-tables" data-testid="card-digest-tables">
          <span className="digest-names mono">{tables.names}</span>
          {tables.more > 0 ? <span className="digest-more"> +{tables.more} more</span> : null}
        </div>
      ) : null}
    </div>
  );
}

const CardView = memo(function CardView({ id: node, data, selected }: NodeProps<CardNode>) {
  const item = useBoard((s) => {
    const c = shownCanvas(s);
    return c ? itemOfNode(c, node) : undefined;
  });
  const badge = useBoard((s) => (s.preview ? undefined : s.badges[node]));
  const face = useMemo(() => (item ? cardFace(data.kind, item) : null), [data.kind, item]);
  if (!face) return null;
  return (
    <div
      className={`card kind-${data.kind} ${selected ? "selected" : ""} ${badge?.worst ? `has-${badge.worst}` : ""}`}
      data-testid={`card-${data.kind}-${data.id}`}
      data-card={node}
    >
      <div className="card-top">
        <span className="card-kind">{KINDS[data.kind].label}</span>
        <FindingBadge badge={badge} />
      </div>
      <div className="card-title" title={face.tip}>
        {face.title}
      </div>
      {face.sub ? <div className="card-sub">{face.sub}</div> : null}
      {face.meta ? <div className="card-meta">{face.meta}</div> : null}
      {face.digest ? <ContractDigest digest={face.digest} /> : null}
    </div>
  );
});

const NoteView = memo(function NoteView({ data, selected }: NodeProps<NoteNode>) {
  const note = useBoard((s) => shownCanvas(s)?.layout.notes.find((n) => n.id === data.id));
  const edit = useBoard((s) => s.edit);
  const readOnly = useBoard(previewing);
  const [editing, setEditing] = useState(false);
  if (!note) return null;
  const color = ["yellow", "pink", "blue", "green"].includes(note.color) ? note.color : "yellow";
  return (
    <div
      className={`note note-${color} ${selected ? "selected" : ""}`}
      data-testid={`note-${note.id}`}
      onDoubleClick={() => setEditing(!readOnly)}
    >
      {editing && !readOnly ? (
        <textarea
          className="nodrag"
          autoFocus
          value={note.text}
          onBlur={() => setEditing(false)}
          onChange={(e) => {
            const text = e.target.value;
            edit(
              (c) => ({
                ...c,
                layout: {
                  ...c.layout,
                  notes: c.layout.notes.map((n) => (n.id === note.id ? { ...n, text } : n)),
                },
              }),
              `note:${note.id}`,
            );
          }}
        />
      ) : (
        <div className="note-text">
          {note.text || (readOnly ? null : <span className="muted">Double-click to write</span>)}
        </div>
      )}
    </div>
  );
});

/** At module scope, so React Flow never sees a new object. */
export const boardNodeTypes: NodeTypes = {
  block: BlockView,
  card: CardView,
  note: NoteView,
};
