// Hash routes: the app is served from disk, so the hash is the address.
//   #/                    workspace home
//   #/canvas/<productId>  canvas board
//   #/mesh                mesh map
//   #/bench/mesh?n=2000   mesh map performance bench
// Reading and writing them; following the window's hash is state/route.ts.

export type Route =
  | { view: "home" }
  | { view: "board"; id: string }
  | { view: "mesh" }
  | { view: "bench"; n: number };

export function parseRoute(hash: string): Route {
  const h = hash.replace(/^#/, "");
  const [path = "", query = ""] = h.split("?");
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "canvas" && parts[1]) return { view: "board", id: decodeURIComponent(parts[1]) };
  if (parts[0] === "mesh") return { view: "mesh" };
  if (parts[0] === "bench") {
    const n = Number(new URLSearchParams(query).get("n") ?? "2000");
    return { view: "bench", n: Number.isFinite(n) && n > 0 ? Math.floor(n) : 2000 };
  }
  return { view: "home" };
}

export function hrefOf(r: Route): string {
  switch (r.view) {
    case "home":
      return "#/";
    case "board":
      return `#/canvas/${encodeURIComponent(r.id)}`;
    case "mesh":
      return "#/mesh";
    case "bench":
      return `#/bench/mesh?n=${r.n}`;
  }
}
