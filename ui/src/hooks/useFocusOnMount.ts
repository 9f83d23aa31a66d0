import { useEffect, useRef } from "react";

/** A ref whose element gets focus when the component mounts (page titles, search boxes). */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return ref;
}
