/** The options of the `nest-add` schematic; `schema.json` gives their defaults. */
export interface NestAddOptions {
  /** The application's source folder, relative to the workspace root. */
  sourceRoot: string;
  /** The root module's file in `sourceRoot`, without extension. */
  rootModuleFileName: string;
  /** The root module's class. */
  rootModuleClassName: string;
  /** The file in `sourceRoot` that creates the application, without extension. */
  mainFileName: string;
  /** The CLI's `--skip-install`, which it passes on; nothing here installs anything. */
  skipInstall?: boolean;
}
