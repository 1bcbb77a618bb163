import { compileFunction } from 'node:vm';
import ts from 'typescript';
import type { CallingWebhookOptions } from '../../config/calling-webhook-options.interface.js';
import { InvalidCallingWebhookOptionsError } from '../../config/invalid-options.error.js';
import { PACKAGE } from './generated-paths.js';
import { configSource } from './generated-sources.js';

// The configuration the schematic writes into the app, compiled and run as the app runs it.
describe('the generated configuration', () => {
  let config: (env: NodeJS.ProcessEnv) => CallingWebhookOptions;

  beforeAll(() => {
    const { outputText } = ts.transpileModule(configSource(), {
      compilerOptions: { module: ts.ModuleKind.CommonJS },
    });
    const module = { exports: {} as { callingWebhookConfig?: typeof config } };
    // The package, as the app imports it: the library's own error class.
    const require = (id: string) => {
      if (id !== PACKAGE) throw new Error(`unexpected import of ${id}`);
      return { InvalidCallingWebhookOptionsError };
    };
    compileFunction(outputText, ['module', 'exports', 'require'])(
      module,
      module.exports,
      require,
    );
    config = module.exports.callingWebhookConfig!;
  });

  const simulator = {
    CALLING_APP_ID: 'app',
    CALLING_APP_SECRET: 'secret',
    CALLING_OPENID_CONFIGURATION_URL: 'http://127.0.0.1:4000/openid',
    CALLING_GRAPH_BASE_URL: 'http://127.0.0.1:4001/v1.0',
    CALLING_AUTHORITY_HOST: 'https://127.0.0.1:4002',
  };

  it('reads the variables calling-sim sets', () => {
    expect(config(simulator)).toEqual({
      appId: 'app',
      openIdConfigurationUrl: 'http://127.0.0.1:4000/openid',
      graphBaseUrl: 'http://127.0.0.1:4001/v1.0',
      authorityHost: 'https://127.0.0.1:4002',
      publicUrl: undefined,
      credentials: { clientSecret: 'secret' },
    });
  });

  it('gives no credentials without a secret, and takes empty variables (a copied .env.example) as unset', () => {
    const options = config({
      CALLING_APP_ID: 'app',
      CALLING_APP_SECRET: '',
      CALLING_PUBLIC_URL: '',
      CALLING_GRAPH_BASE_URL: '',
    });
    expect(options).toEqual({
      appId: 'app',
      openIdConfigurationUrl: undefined,
      graphBaseUrl: undefined,
      authorityHost: undefined,
      publicUrl: undefined,
    });
    expect('credentials' in options).toBe(false);
  });

  it("stops the app without CALLING_APP_ID with the library's options error, naming the variable", () => {
    const attempt = () => config({ CALLING_APP_ID: '' });
    // The library's error prints as its message alone: Nest logs it without a stack.
    expect(attempt).toThrow(InvalidCallingWebhookOptionsError);
    expect(attempt).toThrow(
      "Invalid CallingWebhookModule options: CALLING_APP_ID is not set: set it to the bot's Microsoft App ID (see .env.example)",
    );
  });

  it('lets tests create the AppModule without an App ID, fetching no key', () => {
    expect(config({ NODE_ENV: 'test' })).toMatchObject({
      appId: 'test-app-id',
      prefetchKeys: false,
    });
    expect(
      config({ NODE_ENV: 'test', CALLING_APP_ID: 'app' }),
    ).not.toHaveProperty('prefetchKeys');
  });
});
