// New canvases: a blank one (the same skeleton as `Canvas::skeleton` in
// src/model.rs) or a copy of a template under a new id, name and domain.
import type { Canvas } from "../bindings/Canvas";

export const SCHEMA_REF = "https://meshcanvas.dev/schemas/canvas-v1.schema.json";

export function blankCanvas(id: string, name: string, domain: string): Canvas {
  return {
    $schema: SCHEMA_REF,
    formatVersion: 1,
    domain: {
      name: domain,
      description: "",
      team: { name: "", members: [], support: [] },
      productOwner: { name: "", email: "" },
    },
    product: {
      id,
      name,
      version: "0.1.0",
      status: "draft",
      archetype: "source-aligned",
      purpose: "",
      tags: [],
    },
    consumers: [],
    outputPorts: [],
    metadata: { license: "", links: [], expiry: null, securityNotes: "", piiSummary: "" },
    inputPorts: [],
    design: { steps: [], technology: "", schedule: "", notes: "" },
    observability: { qualityChecks: [], metrics: [], alarms: [] },
    ubiquitousLanguage: [],
    policies: [],
    waivers: [],
    layout: { cards: {}, notes: [], viewport: { x: 0, y: 0, zoom: 1 } },
    extensions: {},
  };
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

/** Whether `s` is a product id the core accepts: a lowercase slug. */
export function isSlug(s: string): boolean {
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s);
}

/** A lowercase slug from a name, the convention `product-id-is-slug` checks. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
