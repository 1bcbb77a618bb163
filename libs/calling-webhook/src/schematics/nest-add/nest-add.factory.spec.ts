import type { SchematicContext, Tree } from '@angular-devkit/schematics';
import {
  SchematicTestRunner,
  type UnitTestTree,
} from '@angular-devkit/schematics/testing';
import { createRequire } from 'node:module';
import { format } from 'prettier';
import type { NestAddOptions } from './nest-add-options.interface.js';
import { nestAdd } from './nest-add.factory.js';

const DEFAULTS: NestAddOptions = {
  sourceRoot: 'src',
  rootModuleFileName: 'app.module',
  rootModuleClassName: 'AppModule',
  mainFileName: 'main',
};

// The trees are what `nest new` writes: Nest's own application schematic, both of its templates.
const nestSchematics = new SchematicTestRunner(
  '@nestjs/schematics',
  createRequire(__filename).resolve('@nestjs/schematics/dist/collection.json'),
);

function freshApp(type: 'esm' | 'cjs'): Promise<UnitTestTree> {
  return nestSchematics.runSchematic('application', {
    name: 'bot',
    directory: '.',
    type,
    language: 'ts',
    packageManager: 'npm',
    strict: true,
  });
}

/** Runs the schematic on `tree` as the CLI would, and gives what it logged. */
function nestAddTo(
  tree: Tree,
  options: Partial<NestAddOptions> = {},
): string[] {
  const logger = nestSchematics.logger.createChild('nest-add');
  const logged: string[] = [];
  logger.subscribe((entry) => logged.push(`${entry.level}: ${entry.message}`));
  // The factory uses nothing of the context but its logger.
  const context = { logger } as Partial<SchematicContext> as SchematicContext;
  void nestAdd({ ...DEFAULTS, ...options })(tree, context);
  return logged;
}

function contentsOf(tree: UnitTestTree): Map<string, string> {
  return new Map(tree.files.map((path) => [path, tree.readContent(path)]));
}

describe.each([
  ['esm', '.js'],
  ['cjs', ''],
] as const)('nest add in a fresh %s app', (type, suffix) => {
  let tree: UnitTestTree;

  beforeEach(async () => {
    tree = await freshApp(type);
    nestAddTo(tree);
  });

  it('imports the module and registers the call handlers in the root module', () => {
    expect(tree.readContent('/src/app.module.ts')).toBe(
      [
        "import { Module } from '@nestjs/common';",
        "import { CallingWebhookModule } from 'nestjs-calling-webhook';",
        `import { AppController } from './app.controller${suffix}';`,
        `import { AppService } from './app.service${suffix}';`,
        `import { callingWebhookConfig } from './calls/calling-webhook.config${suffix}';`,
        `import { CallHandlers } from './calls/call-handlers${suffix}';`,
        '',
        '@Module({',
        '  imports: [',
        '    CallingWebhookModule.forRootAsync({',
        '      useFactory: () => callingWebhookConfig(),',
        '    }),',
        '  ],',
        '  controllers: [AppController],',
        '  providers: [AppService, CallHandlers],',
        '})',
        'export class AppModule {}',
        '',
      ].join('\n'),
    );
  });

  it("keeps the app's create call (Nest's parsers can stay) and enables the shutdown hooks", () => {
    const main = tree.readContent('/src/main.ts');
    expect(main).toContain(
      '  const app = await NestFactory.create(AppModule);\n' +
        '  // On SIGTERM, close the app so that call handlers still running can finish.\n' +
        '  app.enableShutdownHooks();\n' +
        '  await app.listen(process.env.PORT ?? 3000);\n',
    );
    expect(main).not.toContain('bodyParser');
  });

  it('writes the handlers, the configuration and .env.example', () => {
    expect(tree.readContent('/src/calls/call-handlers.ts')).toContain(
      "await this.calls.answer(event, { acceptedModalities: ['audio'] });",
    );
    expect(tree.readContent('/src/calls/calling-webhook.config.ts')).toContain(
      'export function callingWebhookConfig(',
    );
    const lines = tree.readContent('/.env.example').trimEnd().split('\n');
    const variables = lines.filter((line) => !line.startsWith('#'));
    expect(variables).toEqual([
      'CALLING_APP_ID=',
      'CALLING_APP_SECRET=',
      'CALLING_PUBLIC_URL=',
      'CALLING_OPENID_CONFIGURATION_URL=',
      'CALLING_GRAPH_BASE_URL=',
      'CALLING_AUTHORITY_HOST=',
    ]);
    for (const variable of variables) {
      expect(lines[lines.indexOf(variable) - 1]).toMatch(/^# \S/);
    }
  });

  it('writes code as the template formats it (its .prettierrc)', async () => {
    const prettierrc = JSON.parse(tree.readContent('/.prettierrc')) as object;
    for (const path of [
      '/src/app.module.ts',
      '/src/calls/call-handlers.ts',
      '/src/calls/calling-webhook.config.ts',
      '/src/main.ts',
    ]) {
      const source = tree.readContent(path);
      expect(
        await format(source, { ...prettierrc, parser: 'typescript' }),
        path,
      ).toBe(source);
    }
  });

  it('changes nothing when run a second time', () => {
    const before = contentsOf(tree);
    const logged = nestAddTo(tree);
    expect(contentsOf(tree)).toEqual(before);
    expect(logged).toEqual([
      'info: src/app.module.ts: CallingWebhookModule is in imports already, left as it is.',
      'info: src/app.module.ts: CallHandlers is in providers already, left as it is.',
      'info: .env.example lists every CALLING_ variable already, left as it is.',
    ]);
  });
});

describe('nest add in other apps', () => {
  let tree: UnitTestTree;

  beforeEach(async () => {
    tree = await freshApp('esm');
  });

  it('leaves the create call of a Fastify app as it is, and enables its shutdown hooks', () => {
    const main = [
      "import { NestFactory } from '@nestjs/core';",
      "import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';",
      "import { AppModule } from './app.module.js';",
      '',
      'async function bootstrap() {',
      '  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());',
      '  await app.listen(process.env.PORT ?? 3000);',
      '}',
      'await bootstrap();',
      '',
    ];
    tree.overwrite('/src/main.ts', main.join('\n'));
    const logged = nestAddTo(tree);
    main.splice(
      6,
      0,
      '  // On SIGTERM, close the app so that call handlers still running can finish.',
      '  app.enableShutdownHooks();',
    );
    expect(tree.readContent('/src/main.ts')).toBe(main.join('\n'));
    expect(logged).toEqual([]);
  });

  it('fails naming the file and the options when the root module is not there', () => {
    tree.delete('/src/app.module.ts');
    const before = contentsOf(tree);
    expect(() => nestAddTo(tree)).toThrow(
      'Could not find the root module: src/app.module.ts does not exist. Name its file (in src/, without .ts) with --root-module-file-name; the folder is the sourceRoot of nest-cli.json (--source-root).',
    );
    expect(contentsOf(tree)).toEqual(before);
  });

  it('fails when the root module file has no @Module class of that name', () => {
    expect(() => nestAddTo(tree, { rootModuleClassName: 'BotModule' })).toThrow(
      'src/app.module.ts has no class BotModule decorated with @Module({ ... })',
    );
  });

  it('edits the app under --source-root and imports relatively from its root module', async () => {
    const moved = await freshApp('esm');
    for (const path of moved.files.filter((p) => p.startsWith('/src/'))) {
      moved.create(`/apps/bot${path}`, moved.readContent(path));
      moved.delete(path);
    }
    nestAddTo(moved, { sourceRoot: 'apps/bot/src/' });
    expect(moved.readContent('/apps/bot/src/app.module.ts')).toContain(
      "import { CallHandlers } from './calls/call-handlers.js';",
    );
    expect(moved.exists('/apps/bot/src/calls/calling-webhook.config.ts')).toBe(
      true,
    );
    expect(moved.readContent('/apps/bot/src/main.ts')).toContain(
      'app.enableShutdownHooks();',
    );
    expect(moved.exists('/.env.example')).toBe(true);
  });

  it.each([
    [
      'an empty @Module({})',
      '@Module({})',
      '@Module({\n' +
        '  imports: [\n' +
        '    CallingWebhookModule.forRootAsync({\n' +
        '      useFactory: () => callingWebhookConfig(),\n' +
        '    }),\n' +
        '  ],\n' +
        '  providers: [CallHandlers],\n' +
        '})',
    ],
    [
      'a one-line @Module without imports and providers',
      '@Module({ controllers: [AppController] })',
      '@Module({ imports: [CallingWebhookModule.forRootAsync({ useFactory: () => callingWebhookConfig() })], controllers: [AppController], providers: [CallHandlers] })',
    ],
    [
      'arrays written one element a line',
      '@Module({\n  imports: [\n    ConfigModule,\n  ],\n  providers: [\n    AppService\n  ],\n})',
      '@Module({\n  imports: [\n    ConfigModule,\n' +
        '    CallingWebhookModule.forRootAsync({\n      useFactory: () => callingWebhookConfig(),\n    }),\n  ],\n' +
        '  providers: [\n    AppService,\n    CallHandlers\n  ],\n})',
    ],
  ])('adds to %s', (_name, decorator, expected) => {
    const source = tree.readContent('/src/app.module.ts');
    tree.overwrite(
      '/src/app.module.ts',
      source.replace(/@Module\(\{[\s\S]*?\n\}\)/, decorator),
    );
    nestAddTo(tree);
    expect(tree.readContent('/src/app.module.ts')).toContain(expected);
  });

  it('keeps a root module wired by hand, and generates no configuration it would not use', () => {
    const source = tree
      .readContent('/src/app.module.ts')
      .replace(
        "import { Module } from '@nestjs/common';",
        "import { Module } from '@nestjs/common';\nimport { CallingWebhookModule } from 'nestjs-calling-webhook';",
      )
      .replace(
        'imports: []',
        "imports: [CallingWebhookModule.forRootAsync({ useFactory: () => ({ appId: 'app' }) })]",
      );
    tree.overwrite('/src/app.module.ts', source);
    nestAddTo(tree);
    const wired = tree.readContent('/src/app.module.ts');
    expect(wired).toContain(
      "import { CallingWebhookModule } from 'nestjs-calling-webhook';\n",
    );
    expect(wired.match(/CallingWebhookModule/g)).toHaveLength(2);
    expect(wired).toContain('providers: [AppService, CallHandlers]');
    expect(tree.exists('/src/calls/calling-webhook.config.ts')).toBe(false);
    expect(tree.exists('/src/calls/call-handlers.ts')).toBe(true);
  });

  it('leaves a root module that an earlier version wired with forRoot as it is', () => {
    nestAddTo(tree);
    // What versions before forRootAsync wrote: the user may have edited it since.
    const wired = tree
      .readContent('/src/app.module.ts')
      .replace(
        'imports: [\n' +
          '    CallingWebhookModule.forRootAsync({\n' +
          '      useFactory: () => callingWebhookConfig(),\n' +
          '    }),\n' +
          '  ],',
        'imports: [CallingWebhookModule.forRoot(callingWebhookConfig())],',
      );
    expect(wired).not.toContain('forRootAsync');
    tree.overwrite('/src/app.module.ts', wired);
    const logged = nestAddTo(tree);
    expect(tree.readContent('/src/app.module.ts')).toBe(wired);
    expect(logged).toContain(
      'info: src/app.module.ts: CallingWebhookModule is in imports already, left as it is.',
    );
  });

  it("appends to the user's .env.example only the variables it lacks", () => {
    tree.create('/.env.example', 'PORT=3000\nCALLING_APP_ID=my-app');
    nestAddTo(tree);
    const example = tree.readContent('/.env.example');
    expect(example.startsWith('PORT=3000\nCALLING_APP_ID=my-app\n# ')).toBe(
      true,
    );
    expect(example.match(/^CALLING_APP_ID=/gm)).toHaveLength(1);
    expect(example).toContain('\nCALLING_AUTHORITY_HOST=\n');
  });
});
