import { beforeEach, describe, expect, it } from "vitest";
import { useApp } from "./app";

describe("toasts", () => {
  beforeEach(() => useApp.setState({ toasts: [] }));

  it("a toast about the same thing replaces the older one, and its stale action", () => {
    const { toast } = useApp.getState();
    toast({ kind: "info", title: "Saved" });
    toast({
      kind: "info",
      key: "canvas:returns",
      title: "Deleted Returns",
      action: { label: "Bring back", run: () => {} },
    });
    toast({ kind: "success", key: "canvas:returns", title: "Returns is back" });
    const titles = useApp.getState().toasts.map((t) => t.title);
    expect(titles).toEqual(["Saved", "Returns is back"]);
    expect(useApp.getState().toasts.some((t) => t.action)).toBe(false);
  });

  it("toasts without a key stack, and the same message repeated shows once", () => {
    const { toast } = useApp.getState();
    toast({ kind: "error", title: "Check failed", detail: "x" });
    toast({ kind: "error", title: "Check failed", detail: "x" });
    toast({ kind: "info", title: "Exported" });
    expect(useApp.getState().toasts.map((t) => t.title)).toEqual(["Check failed", "Exported"]);
  });
});
