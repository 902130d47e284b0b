/*
 * Numbered pages of the floors view: page k holds floors [2 + (k-1)·size, 2 + k·size). Floor
 * numbers are dense and never reused, so a page is a keyset range (`from=`) and the page count
 * follows from the thread's last floor number, with nothing counted per request.
 */
export const pageOf = (floor: number, size: number): number => Math.floor((floor - 2) / size) + 1;
export const pageStart = (page: number, size: number): number => 2 + (page - 1) * size;
