// New canvases: a blank one (the core's `Canvas::skeleton`, generated into
// the bindings) or a copy of a template under a new id, name and domain; and
// the product-id rule, for a dialog's instant check (the core checks again).
import type { Canvas } from "../bindings/Canvas";
import { BLANK_CANVAS, PRODUCT_ID_PATTERN } from "../bindings/tables";

export function blankCanvas(id: string, name: string, domain: string): Canvas {
  const c = structuredClone(BLANK_CANVAS);
  return { ...c, domain: { ...c.domain, name: domain }, product: { ...c.product, id, name } };
}

/** A template copied under a new identity: a draft at 0.1.0, without the template's waivers. */
export function fromTemplate(t: Canvas, id: string, name: string, domain: string): Canvas {
  return {
    ...structuredClone(t),
    domain: { ...structuredClone(t.domain), name: domain },
    product: { ...structuredClone(t.product), id, name, version: "0.1.0", status: "draft" },
    waivers: [],
  };
}

const PRODUCT_ID = new RegExp(PRODUCT_ID_PATTERN);

/** Whether `s` is a product id the core accepts (`ProductId::parse`): a lowercase slug. */
export function isSlug(s: string): boolean {
  return PRODUCT_ID.test(s);
}

/**
 * The product id suggested for a name, as the core makes it
 * (`ProductId::from_name`); both are held to
 * tests/fixtures/product-id-from-name.json. "" when the name has no letter
 * or digit.
 */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
