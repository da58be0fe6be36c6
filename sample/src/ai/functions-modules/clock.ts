/** An exported object gives one tool per member: `clock_now`, `clock_time_zone`. */
export const clock = {
  now: () => new Date().toISOString(),
  timeZone: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
};
