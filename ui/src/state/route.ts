// The route the window is at, and the way to another (see logic/route.ts).
import { useSyncExternalStore } from "react";
import { hrefOf, parseRoute, type Route } from "../logic/route";

export function navigate(r: Route): void {
  window.location.hash = hrefOf(r);
}

function subscribe(cb: () => void) {
  window.addEventListener("hashchange", cb);
  return () => window.removeEventListener("hashchange", cb);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
