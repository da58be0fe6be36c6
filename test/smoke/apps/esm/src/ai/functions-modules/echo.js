export function echo(value) {
  return { echoed: value };
}
