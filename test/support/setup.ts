import 'reflect-metadata';

// Tests decide their own environment: nothing from the machine's OPENAI_*, ELEVENLABS_* or NAVAI_* settings
// leaks in, except the test runner's own switches (NAVAI_TEST_*, NAVAI_FUZZ_*).
for (const name of Object.keys(process.env)) {
  const setting = name.startsWith('OPENAI_') || name.startsWith('ELEVENLABS_') || (name.startsWith('NAVAI_') && !/^NAVAI_(TEST|FUZZ)_/.test(name));
  if (setting) delete process.env[name];
}
