import { defineNavaiTool } from 'nestjs-navai';

/** A typed folder tool: its JSON Schema is shown to the model and checked before `run`. */
export const getWeather = defineNavaiTool<{ city: string; unit: 'celsius' | 'fahrenheit' }>({
  description: 'Current weather for a city.',
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'City name, e.g. Bogotá.' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'], default: 'celsius' },
    },
    required: ['city'],
  },
  hints: { readOnly: true },
  run: ({ city, unit }) => ({ city, forecast: 'sunny', temperature: unit === 'celsius' ? 24 : 75, unit }),
});
