/**
 * At most `size` pieces of work at once; the rest wait their turn, first come first served.
 * For work that costs a lot of memory or CPU each (decoding a photo): two at once cannot take
 * the server down however many arrive together.
 */
export function limitConcurrency(size: number) {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async function inTurn<T>(work: () => Promise<T>): Promise<T> {
    if (active < size) active++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      // Hand the place straight to the next in line (active stays the same), or give it up.
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
