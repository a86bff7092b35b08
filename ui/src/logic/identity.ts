// Card identities: which card on the board a list item is, independent of
// the id or term typed into it.
//
// The canvas names cards by their id (`layout.cards` is keyed `<kind>:<id>`,
// as the core's `card_key` builds it), but an id is a field the user edits:
// keyed by it, a card renamed into another card's id would become that card,
// and two items with one id (a file edited by hand) would be one card. So the
// board gives every list item an identity of its own, a number, and names its
// React Flow node, selection and badges by that; the id is only where the
// card's position is stored.
//
// Canvases are immutable: an edited item is a new object. Identities live in
// a WeakMap from item object to number; an edit carries the old object's
// number to the new one (`carryIdentity`), and an undo brings back the old
// object with its number. Items never seen before (a canvas loaded or
// reloaded from the store) get new numbers, or inherit the number of the
// item they replace (`inheritIdentities`).
import type { Canvas } from "../bindings/Canvas";
import type { CardKind } from "../bindings/CardKind";

const numbers = new WeakMap<object, number>();
let nextNumber = 1;

/** The identity number of a list item, given one on first sight. */
export function identityOf(item: object): number {
  let n = numbers.get(item);
  if (n === undefined) {
    n = nextNumber++;
    numbers.set(item, n);
  }
  return n;
}

/** Gives `to` (an edited copy of `from`) the identity of `from`. */
export function carryIdentity(from: object, to: object): void {
  if (from !== to && !numbers.has(to)) numbers.set(to, identityOf(from));
}

/** The board's name of a card (its React Flow node id): `<kind>#<number>`. */
export function cardNode(kind: CardKind, item: object): string {
  return `${kind}#${identityOf(item)}`;
}

/** The kind in a card node id; `undefined` for blocks, notes and others. */
export function kindOfNode(node: string): CardKind | undefined {
  const hash = node.indexOf("#");
  if (hash < 0 || node.includes(":")) return undefined;
  return node.slice(0, hash) as CardKind;
}

/** The node ids of a list, and where each stands in it. */
interface ListNames {
  kind: CardKind;
  nodes: readonly string[];
  index: ReadonlyMap<string, number>;
}

// Per list object: lists are immutable and an item's identity never changes
// once given, so a list's names are worked out once. Every card on the
// board looks its item up by node on every store update; without this,
// that was the whole list each time, for each card: 25 million steps per
// update on a canvas of 5,000 cards.
const names = new WeakMap<readonly object[], ListNames>();

function namesOf(kind: CardKind, list: readonly object[]): ListNames {
  const known = names.get(list);
  if (known && known.kind === kind) return known;
  const seen = new Set<string>();
  const nodes = list.map((item, i) => {
    const node = cardNode(kind, item);
    if (!seen.has(node)) {
      seen.add(node);
      return node;
    }
    return `${node}.${i}`;
  });
  const made = { kind, nodes, index: new Map(nodes.map((n, i) => [n, i])) };
  names.set(list, made);
  return made;
}

/**
 * The node ids of a list's items, in order. One object listed twice (never
 * from the core, which sends distinct objects) gets a second name for its
 * second place, so no two cards ever share a node.
 */
export function nodesOfList(kind: CardKind, list: readonly object[]): readonly string[] {
  return namesOf(kind, list).nodes;
}

/** Where the card named `node` stands in `list`; -1 when it is not there. */
export function indexOfNode(kind: CardKind, list: readonly object[], node: string): number {
  return namesOf(kind, list).index.get(node) ?? -1;
}

/**
 * After an edit that built new item objects without carrying identities
 * (a whole canvas from the store, a list rebuilt by `map`), gives each
 * unseen item in `next` the identity of the item it replaces in `prev`: the
 * unclaimed one with the same id, else, when the list kept its length, the
 * one at the same place. Items that replace nothing stay new cards.
 */
export function inheritIdentities(
  prev: Canvas,
  next: Canvas,
  lists: readonly { list(c: Canvas): object[]; id(item: object): string }[],
): void {
  for (const a of lists) {
    const before = a.list(prev);
    const after = a.list(next);
    if (before === after) continue;
    const unseen = after.filter((x) => !numbers.has(x));
    if (unseen.length === 0) continue;
    const claimed = new Set(after.filter((x) => numbers.has(x)).map((x) => numbers.get(x)));
    const free = before.filter((x) => !claimed.has(identityOf(x)));
    const take = (from: object, to: object) => {
      numbers.set(to, identityOf(from));
      free.splice(free.indexOf(from), 1);
    };
    for (const item of unseen) {
      const same = free.find((x) => a.id(x) === a.id(item));
      if (same) take(same, item);
    }
    if (before.length !== after.length) continue;
    after.forEach((item, i) => {
      const old = before[i];
      if (old !== undefined && !numbers.has(item) && free.includes(old)) take(old, item);
    });
  }
}
