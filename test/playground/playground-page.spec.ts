import { describe, expect, it } from 'vitest';
import { PlaygroundPage } from '../../lib/playground/playground.page.js';

const routes = { playgroundPath: '/navai/playground', clientSecretPath: '/navai/realtime/client-secret', functionsListPath: '/navai/functions', functionsExecutePath: '/navai/functions/execute' };
const settingsOf = (html: string) => JSON.parse(/id="navai-settings">(.*?)<\/script>/.exec(html)![1]);

describe('PlaygroundPage', () => {
  it('tells the page its routes below the prefix it was reached at', () => {
    const page = new PlaygroundPage(routes, 'https://api.openai.com/v1/');
    for (const [requested, prefix] of [
      ['/navai/playground', ''],
      ['/navai/playground/', ''],
      ['/navai/playground?x=1', ''],
      ['/api/v2/navai/playground', '/api/v2'],
    ]) {
      const html = page.html(requested);
      expect(settingsOf(html).routes).toEqual({
        clientSecret: `${prefix}/navai/realtime/client-secret`,
        list: `${prefix}/navai/functions`,
        execute: `${prefix}/navai/functions/execute`,
      });
      expect(html).toContain(`src="${prefix}/navai/playground/playground.js"`);
    }
    expect(settingsOf(page.html('/navai/playground')).realtimeCallsUrl).toBe('https://api.openai.com/v1/realtime/calls');
    expect(page.contentSecurityPolicy).toContain("connect-src 'self' https://api.openai.com;");
  });

  it('leaves out the routes that are not mounted', () => {
    const page = new PlaygroundPage({ playgroundPath: '/p', clientSecretPath: '/s' }, 'http://127.0.0.1:9/v1');
    expect(settingsOf(page.html('/p')).routes).toEqual({ clientSecret: '/s' });
  });

  it('cannot be made to end its settings block or an attribute early by a configured path', () => {
    const page = new PlaygroundPage({ ...routes, playgroundPath: '/a"b<c>', clientSecretPath: '/x</script><script>alert(1)</script>' }, 'http://127.0.0.1:9/v1');
    const html = page.html('/a"b<c>');
    expect(html).not.toContain('</script><script>alert(1)');
    expect(settingsOf(html).routes.clientSecret).toBe('/x</script><script>alert(1)</script>');
    expect(html).toContain('href="/a&quot;b&lt;c&gt;/playground.css"');
  });
});
