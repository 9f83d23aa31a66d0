/** The index a list key moves to (ArrowUp/ArrowDown/Home/End), or null for other keys. */
export function nextIndex(key: string, current: number, count: number, withHomeEnd = true): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return Math.min(current + 1, count - 1);
    case "ArrowUp":
      return Math.max(current - 1, 0);
    case "Home":
      return withHomeEnd ? 0 : null;
    case "End":
      return withHomeEnd ? count - 1 : null;
    default:
      return null;
  }
}
