import { describe, expect, it } from "vitest";
import { shortPath } from "./path";

describe("shortPath", () => {
  const long = "/tmp/meshcanvas-e2e-shots-5hlGV5/workspace/workspace.meshcanvas.db";

  it("leaves a path that fits alone", () => {
    expect(shortPath("/home/me/ws.db", 40)).toBe("/home/me/ws.db");
    expect(shortPath(long, long.length)).toBe(long);
  });

  it("keeps the root, the file name and the folders above it that fit", () => {
    expect(shortPath(long, 48)).toBe("/…/workspace/workspace.meshcanvas.db");
    expect(shortPath("/home/me/meshes/team-a/workspace.meshcanvas.db", 41)).toBe(
      "/…/meshes/team-a/workspace.meshcanvas.db",
    );
    expect(shortPath("/home/me/meshes/team-a/workspace.meshcanvas.db", 30)).toBe(
      "/…/workspace.meshcanvas.db",
    );
  });

  it("keeps a Windows drive and separators", () => {
    expect(shortPath("C:\\Users\\me\\Documents\\meshes\\team.db", 28)).toBe(
      "C:\\…\\meshes\\team.db",
    );
  });

  it("never returns more than asked for", () => {
    for (let max = 8; max <= long.length; max++) {
      expect(shortPath(long, max).length).toBeLessThanOrEqual(max);
    }
  });

  it("cuts a file name longer than the room in its middle", () => {
    const out = shortPath("/data/a-very-long-workspace-file-name.meshcanvas.db", 20);
    expect(out).toHaveLength(20);
    expect(out.startsWith("a-very-lon")).toBe(true);
    expect(out.endsWith("canvas.db")).toBe(true);
    expect(out).toContain("…");
  });
});
