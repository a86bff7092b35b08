import { describe, expect, it } from "vitest";
import { BLOCK_TABLE, BLOCKS as BLOCK_IDS, BOARD_SIZE, CARD_KIND_TABLE } from "../bindings/tables";
import { BLOCKS, BOARD_SIZE as BOARD, block } from "./blocks";

describe("the board's blocks come from the core's table", () => {
  it("lists every block once, in the core's order", () => {
    expect(BLOCKS.map((b) => b.id)).toEqual(BLOCK_IDS);
  });

  it("takes each block's step, title, hint and rect from BLOCK_TABLE", () => {
    for (const b of BLOCKS) {
      const info = BLOCK_TABLE[b.id];
      expect(b.title).toBe(info.title);
      expect(b.hint).toBe(info.hint);
      expect(b.rect).toEqual(info.rect);
      expect(b.step).toBe(info.step ?? undefined);
    }
  });

  it("gives the Name block no step", () => {
    expect(block("name")).not.toHaveProperty("step");
  });

  it("holds each kind of card in the block the core names for it", () => {
    for (const info of Object.values(CARD_KIND_TABLE)) {
      expect(BLOCKS.filter((b) => b.cardKind === info.kind).map((b) => b.id)).toEqual([info.block]);
    }
  });

  it("is as big as the core's printed canvas", () => {
    expect(BOARD).toEqual(BOARD_SIZE);
    for (const b of BLOCKS) {
      expect(b.rect.x + b.rect.w).toBeLessThanOrEqual(BOARD.w);
      expect(b.rect.y + b.rect.h).toBeLessThanOrEqual(BOARD.h);
    }
  });
});
