// An input port's upstream, picked from the mesh rather than typed: the
// product from the workspace's products (grouped by domain, searchable),
// then one of its output ports, with the port's schema and SLOs shown while
// choosing.
import { useEffect, useId, useMemo, useState } from "react";
import { backend } from "../backend";
import type { MeshNode } from "../bindings/MeshNode";
import type { OutputPort } from "../bindings/OutputPort";

/** The workspace's products, read once per picker. */
function useProducts(): MeshNode[] | null {
  const [nodes, setNodes] = useState<MeshNode[] | null>(null);
  useEffect(() => {
    let live = true;
    backend.meshGraph().then(
      (g) => live && setNodes(g.nodes),
      () => live && setNodes([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return nodes;
}

/** The output port `portId` of product `productId`, as saved. */
function usePort(productId: string, portId: string): OutputPort | null | undefined {
  const [port, setPort] = useState<OutputPort | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    if (!productId || !portId) {
      setPort(null);
      return;
    }
    setPort(undefined);
    backend.canvasLoad(productId).then(
      (s) => live && setPort(s.canvas.outputPorts.find((p) => p.id === portId) ?? null),
      () => live && setPort(null),
    );
    return () => {
      live = false;
    };
  }, [productId, portId]);
  return port;
}

/** Products whose name, id or domain contain `query`, grouped by domain. */
export function productGroups(
  nodes: readonly MeshNode[],
  query: string,
  self: string,
): [string, MeshNode[]][] {
  const q = query.trim().toLowerCase();
  const byDomain = new Map<string, MeshNode[]>();
  for (const n of nodes) {
    if (n.productId === self) continue;
    const hit =
      !q ||
      n.name.toLowerCase().includes(q) ||
      n.productId.includes(q) ||
      n.domain.toLowerCase().includes(q);
    if (!hit) continue;
    const list = byDomain.get(n.domain) ?? [];
    list.push(n);
    byDomain.set(n.domain, list);
  }
  return [...byDomain.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, list]) => [d, list.sort((a, b) => a.name.localeCompare(b.name))]);
}

/**
 * The first `max` fields of a port's tables, for the preview: by name when
 * the port has one table, as `table.field` when it has several; `more` is
 * how many are left out.
 */
export function upstreamFields(
  port: OutputPort,
  max = 12,
): { fields: { name: string; type: string }[]; more: number } {
  const several = port.objects.length > 1;
  const all = port.objects.flatMap((o) =>
    o.fields.map((f) => ({
      name: several ? `${o.name}.${f.name}` : f.name,
      type: f.logicalType,
    })),
  );
  return { fields: all.slice(0, max), more: Math.max(0, all.length - max) };
}

function PortPreview({ productId, portId }: { productId: string; portId: string }) {
  const port = usePort(productId, portId);
  if (!productId || !portId) return null;
  if (port === undefined) {
    return (
      <div className="upstream-preview muted small">
        <span className="spinner" /> Reading the port…
      </div>
    );
  }
  if (port === null) return null;
  const preview = upstreamFields(port);
  return (
    <div className="upstream-preview" data-testid="upstream-preview">
      <div className="small">
        <strong>{port.name || port.id}</strong>{" "}
        <span className="muted">
          {port.kind} · {port.technology || "no technology"}
          {port.version ? ` · v${port.version}` : ""}
        </span>
      </div>
      {preview.fields.length ? (
        <ul className="upstream-schema mono small">
          {preview.fields.map((f, i) => (
            <li key={i}>
              {f.name} <span className="muted">{f.type}</span>
            </li>
          ))}
          {preview.more > 0 ? <li className="muted">and {preview.more} more</li> : null}
        </ul>
      ) : (
        <p className="muted small">No schema yet.</p>
      )}
      {port.slos.length ? (
        <p className="small">
          {port.slos.map((s) => `${s.dimension} ${s.target} ${s.unit}`).join(" · ")}
        </p>
      ) : null}
    </div>
  );
}

export function UpstreamPicker({
  self,
  productId,
  portId,
  onChange,
}: {
  /** This canvas's product id, left out of the list. */
  self: string;
  productId: string;
  portId: string;
  onChange(productId: string, portId: string): void;
}) {
  const nodes = useProducts();
  const [query, setQuery] = useState("");
  const ids = { search: useId(), product: useId(), port: useId() };
  const groups = useMemo(() => productGroups(nodes ?? [], query, self), [nodes, query, self]);
  const chosen = nodes?.find((n) => n.productId === productId);
  const missingProduct = productId !== "" && nodes !== null && !chosen;
  const ports = chosen?.outputPorts ?? [];
  const missingPort = portId !== "" && chosen !== undefined && !ports.includes(portId);
  return (
    <div className="upstream-picker">
      {(nodes?.length ?? 0) > 8 ? (
        <div className="field">
          <label htmlFor={ids.search}>Find a product</label>
          <input
            id={ids.search}
            data-testid="upstream-search"
            type="search"
            value={query}
            placeholder="Name, id or domain"
            onChange={(e) => setQuery(e.target.value)}
          />
        </div>
      ) : null}
      <div className="grid-2">
        <div className="field">
          <label htmlFor={ids.product}>Product</label>
          <select
            id={ids.product}
            data-testid="inspector-field-productid"
            value={productId}
            disabled={nodes === null}
            onChange={(e) => {
              const next = nodes?.find((n) => n.productId === e.target.value);
              // A product with one port: that port.
              onChange(
                e.target.value,
                next?.outputPorts.length === 1 ? (next.outputPorts[0] ?? "") : "",
              );
            }}
          >
            <option value="">Choose a product…</option>
            {missingProduct ? (
              <option value={productId}>{productId} (not in this workspace)</option>
            ) : null}
            {groups.map(([domain, list]) => (
              <optgroup key={domain} label={domain || "no domain"}>
                {list.map((n) => (
                  <option key={n.productId} value={n.productId}>
                    {n.name} ({n.productId})
                  </option>
                ))}
              </optgroup>
            ))}
            {chosen && !groups.some(([, l]) => l.includes(chosen)) ? (
              <option value={chosen.productId}>
                {chosen.name} ({chosen.productId})
              </option>
            ) : null}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.port}>Output port</label>
          <select
            id={ids.port}
            data-testid="inspector-field-portid"
            value={portId}
            disabled={!productId}
            onChange={(e) => onChange(productId, e.target.value)}
          >
            <option value="">{ports.length ? "Choose a port…" : "No output ports"}</option>
            {missingPort || (portId !== "" && !chosen) ? (
              <option value={portId}>{portId} (not a port of it)</option>
            ) : null}
            {ports.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      </div>
      <PortPreview productId={chosen ? productId : ""} portId={missingPort ? "" : portId} />
    </div>
  );
}
