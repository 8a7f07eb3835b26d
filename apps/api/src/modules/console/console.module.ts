import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../../config/config';
import { API_PATHS, cacheControlFor } from './console-paths';

/**
 * The web console's built files at /, same origin as the API (so the session cookie and the CSRF
 * check apply). Every page's deep link loads index.html; the API's own paths are left alone.
 */
@Module({})
export class ConsoleModule {
  static forRoot(config: AppConfig): DynamicModule {
    const index = path.join(config.console.dir, 'index.html');
    if (!existsSync(index)) {
      new Logger('Console').warn(`no console at ${config.console.dir} (run npm run build): / serves nothing`);
      return { module: ConsoleModule };
    }
    return {
      module: ConsoleModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath: config.console.dir,
          exclude: [...API_PATHS.map((p) => `${p}{/*rest}`), '/assets/{*rest}'],
          serveStaticOptions: {
            index: false,
            fallthrough: true,
            setHeaders: (res, filePath) => res.setHeader('Cache-Control', cacheControlFor(filePath)),
          },
        }),
      ],
    };
  }
}
