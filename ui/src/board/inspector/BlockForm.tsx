// The form of the selected block. The hooks live here and each block's form
// is a plain function of what they give (see BlockParts): moving the
// selection from one block to another updates one element tree, as it did
// when every block's form was written out in this switch.
import type { ReactNode } from "react";
import type { Canvas } from "../../bindings/Canvas";
import { block, type BlockId } from "../../logic/blocks";
import { KINDS } from "../../logic/cards";
import { useBoard } from "../../state/board";
import { Section } from "../../components/form";
import type { BlockParts } from "./fields";
import { classificationForm } from "./ClassificationForm";
import { designForm } from "./DesignForm";
import { domainForm } from "./DomainForm";
import { metadataForm } from "./MetadataForm";
import { observabilityForm } from "./ObservabilityForm";
import { productForm } from "./ProductForm";
import { purposeForm } from "./PurposeForm";

function useCanvasEdit() {
  const edit = useBoard((s) => s.edit);
  return (key: string, fn: (c: Canvas) => Canvas) => edit(fn, key);
}

export function BlockForm({ id, canvas }: { id: BlockId; canvas: Canvas }) {
  const edit = useCanvasEdit();
  const addCard = useBoard((s) => s.addCard);
  const k = `block:${id}`;
  const prod = (patch: Partial<Canvas["product"]>) =>
    edit(k, (c) => ({ ...c, product: { ...c.product, ...patch } }));
  const b = block(id);
  const adder: ReactNode = b.cardKind ? (
    <button type="button" className="btn" onClick={() => addCard(b.cardKind!)}>
      + Add {KINDS[b.cardKind].label.toLowerCase()}
    </button>
  ) : null;
  const parts: BlockParts = { canvas, edit: (fn) => edit(k, fn), prod, adder };
  switch (id) {
    case "name":
      return productForm(parts);
    case "domain":
      return domainForm(parts);
    case "purpose":
      return purposeForm(parts);
    case "design":
      return designForm(parts);
    case "metadata":
      return metadataForm(parts);
    case "observability":
      return observabilityForm(parts);
    case "classification":
      return classificationForm(parts);
    default:
      return (
        <Section title={b.title}>
          <p className="muted small">{b.hint}. Select one of its cards to edit it.</p>
          {adder}
        </Section>
      );
  }
}
