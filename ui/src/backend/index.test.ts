import { describe, expect, it } from "vitest";
import { toBackendError } from ".";

describe("errors from the core", () => {
  it("keep the core's code and message", () => {
    const e = toBackendError({ code: "conflict", message: "revision 3 is not the latest" });
    expect(e.code).toBe("conflict");
    expect(e.message).toBe("revision 3 is not the latest");
  });
  it("are unexpected when the code is not one of the core's", () => {
    const e = toBackendError({ code: "somethingNew", message: "from a newer core" });
    expect(e.code).toBe("unexpected");
    expect(e.message).toBe("from a newer core");
  });
});
