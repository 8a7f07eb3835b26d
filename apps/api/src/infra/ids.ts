/** Row ids are UUIDs: anything else cannot name a row, and is answered NOT_FOUND like a missing one. */
export const isUuid = (id: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
