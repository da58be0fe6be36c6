exports.negate = (value) => -value;
