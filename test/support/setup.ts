import 'reflect-metadata';
// Tests decide their own environment: nothing from the machine's OPENAI_* or NAVAI_* leaks in.
for (const name of Object.keys(process.env)) {
  if (name.startsWith('OPENAI_') || name.startsWith('NAVAI_')) delete process.env[name];
}
