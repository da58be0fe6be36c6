// An ES module (this folder's package.json says so), loaded by import() or, in the CommonJS build, require(esm).
export function shout(value) {
  return String(value).toUpperCase();
}
