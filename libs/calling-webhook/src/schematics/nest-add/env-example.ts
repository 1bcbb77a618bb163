import type { SchematicContext, Tree } from '@angular-devkit/schematics';

const PATH = '/.env.example';

const HEADER =
  '# nestjs-calling-webhook: copy to .env, fill in, and start the app with node --env-file=.env dist/main.js';

/** The variables the generated config reads, each with the line that explains it. */
const VARIABLES: readonly (readonly [name: string, comment: string])[] = [
  [
    'CALLING_APP_ID',
    "The bot's Microsoft App ID (its Azure bot registration). Required.",
  ],
  [
    'CALLING_APP_SECRET',
    "The app's client secret. Without it the webhook works, but calls cannot be answered.",
  ],
  [
    'CALLING_PUBLIC_URL',
    "This app's public https base URL; calls it answers get {CALLING_PUBLIC_URL}/api/calls as callbackUri.",
  ],
  [
    'CALLING_OPENID_CONFIGURATION_URL',
    "Where the platform's signing keys are published. Default: Microsoft's. calling-sim sets its own.",
  ],
  [
    'CALLING_GRAPH_BASE_URL',
    'The Graph API that controls calls. Default: https://graph.microsoft.com/v1.0 (a national cloud or calling-sim sets another).',
  ],
  [
    'CALLING_AUTHORITY_HOST',
    "The Microsoft Entra authority of the app's tokens. Default: https://login.microsoftonline.com.",
  ],
];

const entry = ([name, comment]: readonly [string, string]) =>
  `# ${comment}\n${name}=\n`;

/** Writes `.env.example`, or appends to the user's the variables it lacks. */
export function writeEnvExample(
  tree: Tree,
  logger: SchematicContext['logger'],
): void {
  if (!tree.exists(PATH)) {
    tree.create(PATH, `${HEADER}\n${VARIABLES.map(entry).join('')}`);
    return;
  }
  const text = tree.readText(PATH);
  const missing = VARIABLES.filter(
    ([name]) =>
      !new RegExp(`^\\s*#?\\s*(?:export\\s+)?${name}\\s*=`, 'm').test(text),
  );
  if (missing.length === 0) {
    logger.info(
      '.env.example lists every CALLING_ variable already, left as it is.',
    );
    return;
  }
  const separator = text === '' || text.endsWith('\n') ? '' : '\n';
  tree.overwrite(PATH, `${text}${separator}${missing.map(entry).join('')}`);
}
