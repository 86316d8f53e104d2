/** Puts an id into a path safely: ids from callers must never change the route. */
export const seg = (id: string): string => encodeURIComponent(id);
