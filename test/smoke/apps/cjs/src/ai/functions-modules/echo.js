exports.echo = function echo(value) {
  return { echoed: value };
};
