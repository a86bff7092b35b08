// The product block (its name): name, id, version, lifecycle status, tags,
// and the "Product details" an imported ODPS file had no field for.
import { useState, type ReactNode } from "react";
import type { Canvas } from "../../bindings/Canvas";
import { LIFECYCLE_STATUSES } from "../../bindings/tables";
import { ProductDetails } from "../ContractSections";
import { DeleteProductDialog, RenameProductDialog } from "../ProductDialogs";
import { ListField, Section, SelectField, TextField } from "../../components/form";
import type { BlockParts } from "./fields";

/** The product id, with the ways to change it or delete the canvas. */
function ProductIdRow({ canvas }: { canvas: Canvas }) {
  const [dialog, setDialog] = useState<"rename" | "delete" | null>(null);
  const { id, name } = canvas.product;
  return (
    <div className="field">
      <label>Id</label>
      <div className="id-row">
        <span className="mono id-value" data-testid="inspector-product-id">
          {id}
        </span>
        <button
          type="button"
          className="btn small"
          data-testid="product-rename"
          onClick={() => setDialog("rename")}
        >
          Rename…
        </button>
        <button
          type="button"
          className="btn small ghost danger-text"
          data-testid="product-delete"
          onClick={() => setDialog("delete")}
        >
          Delete…
        </button>
      </div>
      {dialog === "rename" ? <RenameProductDialog id={id} onClose={() => setDialog(null)} /> : null}
      {dialog === "delete" ? (
        <DeleteProductDialog id={id} name={name || id} onClose={() => setDialog(null)} />
      ) : null}
    </div>
  );
}

export function productForm({ canvas, edit, prod }: BlockParts): ReactNode {
  return (
    <>
      <Section title="Product">
        <TextField
          label="Name"
          name="productname"
          value={canvas.product.name}
          onChange={(name) => prod({ name })}
        />
        <div className="grid-2">
          <ProductIdRow canvas={canvas} />
          <TextField
            label="Version"
            name="productversion"
            mono
            value={canvas.product.version}
            onChange={(version) => prod({ version })}
          />
        </div>
        <SelectField
          label="Lifecycle status"
          name="productstatus"
          value={canvas.product.status}
          options={LIFECYCLE_STATUSES}
          onChange={(status) => prod({ status })}
        />
        <ListField
          label="Tags"
          name="tags"
          value={canvas.product.tags}
          onChange={(tags) => prod({ tags })}
        />
      </Section>
      <ProductDetails
        ext={canvas.extensions}
        onChange={(extensions) => edit((c) => ({ ...c, extensions }))}
      />
    </>
  );
}
