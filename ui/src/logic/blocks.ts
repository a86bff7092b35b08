// The poster: where the canvas's building blocks sit on the board.
/**
 * The board is laid out like the printed Data Product Canvas so a workshop
 * can move between paper and screen: data flows left to right, inbound →
 * design → outbound, with the product's identity on top and its
 * classification and language at the bottom. Coordinates are board units
 * (pixels at zoom 1); they are fixed, cards move inside and across them.
 * The layout is the core's (`BLOCK_TABLE`): the poster it prints is this
 * board.
 */
import type { Block } from "../bindings/Block";
import type { BlockInfo } from "../bindings/BlockInfo";
import type { CardKind } from "../bindings/CardKind";
import type { Rect } from "../bindings/Rect";
import {
  BLOCKS as BLOCK_IDS,
  BLOCK_TABLE,
  BOARD_SIZE,
  CARD_KIND_TABLE,
  CARD_KINDS,
} from "../bindings/tables";

/** The printed canvas's width and height, in board units (the core's). */
export { BOARD_SIZE };
export type { Rect };

/** A block's id: the core's names (findings say which block they are on). */
export type BlockId = Block;

export interface BlockDef {
  id: BlockId;
  /**
   * Number on the printed canvas (the order a workshop fills it in). The
   * Name block has none: it is the poster's title, filled in with the
   * purpose (step 2).
   */
  step?: number;
  title: string;
  hint: string;
  rect: Rect;
  /** The kind of card the block holds, if any. */
  cardKind?: CardKind;
  /** Where cards start inside the block, relative to its corner. */
  cardOrigin: { x: number; y: number };
}

export const CARD_W = 200;
export const CARD_H = 88;
export const CARD_GAP = 12;
/** Height of a block's header (number, title, hint), in board units. */
export const HEADER = 58;

/**
 * Where cards start in the blocks whose header holds more than the title
 * and hint: the purpose text above the policies, the design's summary above
 * its steps. Every other block's cards start just under the header.
 */
const CARD_ORIGINS: Partial<Record<BlockId, { x: number; y: number }>> = {
  purpose: { x: 16, y: 132 },
  design: { x: 16, y: 118 },
};

/** The kind of card each block holds, from the core's table of card kinds. */
const KIND_OF_BLOCK = new Map<BlockId, CardKind>(
  CARD_KINDS.map((k) => [CARD_KIND_TABLE[k].block, k]),
);

function blockDef(info: BlockInfo): BlockDef {
  const cardKind = KIND_OF_BLOCK.get(info.block);
  return {
    id: info.block,
    // The core writes the Name block's missing step as `null`.
    ...(info.step != null ? { step: info.step } : {}),
    title: info.title,
    hint: info.hint,
    rect: { ...info.rect },
    ...(cardKind ? { cardKind } : {}),
    cardOrigin: CARD_ORIGINS[info.block] ?? { x: 16, y: HEADER },
  };
}

/**
 * The blocks in the core's order, with the core's steps, titles, hints and
 * places on the printed canvas; what cards they hold and where those start
 * is the board's own.
 */
export const BLOCKS: readonly BlockDef[] = BLOCK_IDS.map((id) => blockDef(BLOCK_TABLE[id]));

const byId = new Map(BLOCKS.map((b) => [b.id, b]));

export function block(id: BlockId): BlockDef {
  const b = byId.get(id);
  if (!b) throw new Error(`unknown block ${id}`);
  return b;
}

/** The block that holds cards of this kind, in `blocks` (the default poster or a grown one). */
export function blockOfKind(kind: CardKind, blocks: readonly BlockDef[] = BLOCKS): BlockDef {
  const b = blocks.find((x) => x.cardKind === kind);
  if (!b) throw new Error(`no block holds ${kind} cards`);
  return b;
}

const GAP = 16;
const BOTTOM_PAD = 14;

function columns(b: BlockDef): number {
  return Math.max(1, Math.floor((b.rect.w - b.cardOrigin.x) / (CARD_W + CARD_GAP)));
}

/** The height a block needs to hold `count` cards in its grid. */
function neededHeight(b: BlockDef, count: number): number {
  if (!b.cardKind || count === 0) return b.rect.h;
  const rows = Math.ceil(count / columns(b));
  return Math.max(b.rect.h, b.cardOrigin.y + rows * (CARD_H + CARD_GAP) - CARD_GAP + BOTTOM_PAD);
}

/**
 * The poster for a canvas: the printed layout, with each row grown as far
 * as its fullest block needs so cards never spill out of their block. The
 * columns never change; rows below a grown one move down.
 */
export function poster(counts: Partial<Record<CardKind, number>>): BlockDef[] {
  const need = (id: BlockId) => {
    const b = block(id);
    return neededHeight(b, b.cardKind ? (counts[b.cardKind] ?? 0) : 0);
  };
  const top = Math.max(need("name"), need("domain"), need("purpose"), need("consumers"));
  const outPorts = need("outputPorts");
  const meta = block("metadata").rect.h;
  const obs = need("observability");
  const middle = Math.max(need("inbound"), need("design"), outPorts + GAP + meta + GAP + obs);
  const bottom = Math.max(need("classification"), need("language"));
  const y1 = top + GAP;
  const y2 = y1 + middle + GAP;
  // The outbound column fills the middle row; extra room goes to the ports.
  const portsH = middle - GAP - meta - GAP - obs;
  const rect = (id: BlockId, y: number, h: number): Rect => ({ ...block(id).rect, y, h });
  const rects: Record<BlockId, Rect> = {
    name: rect("name", 0, top),
    domain: rect("domain", 0, top),
    purpose: rect("purpose", 0, top),
    consumers: rect("consumers", 0, top),
    inbound: rect("inbound", y1, middle),
    design: rect("design", y1, middle),
    outputPorts: rect("outputPorts", y1, portsH),
    metadata: rect("metadata", y1 + portsH + GAP, meta),
    observability: rect("observability", y1 + portsH + GAP + meta + GAP, obs),
    classification: rect("classification", y2, bottom),
    language: rect("language", y2, bottom),
  };
  return BLOCKS.map((b) => ({ ...b, rect: rects[b.id] }));
}

/**
 * The default place of the `index`-th card of a block, for cards the layout
 * has no position for: a grid filling the block row by row, wrapping to
 * further rows below the block when it is full.
 */
export function defaultCardPosition(b: BlockDef, index: number): { x: number; y: number } {
  const cols = columns(b);
  const col = index % cols;
  const row = Math.floor(index / cols);
  return {
    x: b.rect.x + b.cardOrigin.x + col * (CARD_W + CARD_GAP),
    y: b.rect.y + b.cardOrigin.y + row * (CARD_H + CARD_GAP),
  };
}

/** The block a board point lies in, if any. */
export function blockAt(x: number, y: number): BlockDef | undefined {
  return BLOCKS.find(
    (b) => x >= b.rect.x && x <= b.rect.x + b.rect.w && y >= b.rect.y && y <= b.rect.y + b.rect.h,
  );
}
