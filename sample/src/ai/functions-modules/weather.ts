/** A folder tool: every exported function here becomes a tool (`get_weather`). */
export function getWeather(input: { city?: string }) {
  const city = input?.city ?? 'Bogotá';
  return { city, forecast: 'sunny', celsius: 24 };
}
