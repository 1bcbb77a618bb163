// One benchmark variant as its own process: `node variant-server.js <A|B|C|D> <port> <openIdUrl> <jwksUri> <appId>`.
// It prints `ready` once listening; the harness reads its peak RSS from /proc.
import 'reflect-metadata';
import {
  Controller,
  HttpCode,
  Injectable,
  Logger,
  Module,
  Post,
  UseGuards,
  type DynamicModule,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import {
  CallingWebhookModule,
  OnIncomingCall,
  OnParticipantsUpdated,
} from 'nestjs-calling-webhook';
import { ExtractJwt, Strategy } from 'passport-jwt';

const [variant, port, openIdUrl, jwksUri, appId] = process.argv.slice(2);

/** A: the ceiling, a bare Nest endpoint that answers 202. */
@Controller('api/calls')
class BareController {
  @Post()
  @HttpCode(202)
  receive(): void {}
}

/** D: the recipe a Node developer writes today (passport-jwt + jwks-rsa's passportJwtSecret). */
@Injectable()
class PlainJwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor() {
    super({
      secretOrKeyProvider: passportJwtSecret({
        cache: true,
        rateLimit: true,
        jwksRequestsPerMinute: 5,
        jwksUri,
      }),
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      audience: appId,
      issuer: ['https://api.botframework.com', 'https://graph.microsoft.com'],
      algorithms: ['RS256'],
    });
  }

  validate(payload: object): object {
    return payload;
  }
}

@Controller('api/calls')
@UseGuards(AuthGuard('jwt'))
class PlainRecipeController {
  @Post()
  @HttpCode(202)
  receive(): void {}
}

/** B and C: a no-op handler per notification kind the harness sends, as a real bot has. */
@Injectable()
class NoOpHandlers {
  @OnIncomingCall()
  incoming(): void {}

  @OnParticipantsUpdated()
  roster(): void {}
}

@Module({})
class BenchAppModule {
  static forVariant(name: string): DynamicModule {
    switch (name) {
      case 'A':
        return { module: BenchAppModule, controllers: [BareController] };
      case 'D':
        return {
          module: BenchAppModule,
          imports: [PassportModule],
          providers: [PlainJwtStrategy],
          controllers: [PlainRecipeController],
        };
      default:
        return {
          module: BenchAppModule,
          imports: [
            CallingWebhookModule.forRoot({
              appId,
              openIdConfigurationUrl: openIdUrl,
              prefetchKeys: process.env.BENCH_PREFETCH !== 'false',
            }),
          ],
          providers: [NoOpHandlers],
        };
    }
  }
}

// Our module reads the body itself after the guard (the README's setup); A and D keep Nest's parser.
const ours = variant === 'B' || variant === 'C';
const app = await NestFactory.create(BenchAppModule.forVariant(variant), {
  logger: ['error'],
  bodyParser: !ours || process.env.BENCH_GLOBAL_PARSER === 'true',
});
await app.listen(Number(port), '127.0.0.1');
new Logger('bench').debug(`variant ${variant} listening`);
process.stdout.write('ready\n');

// A clean exit on SIGINT lets `node --cpu-prof` write its profile.
process.on('SIGINT', () => void app.close().then(() => process.exit(0)));
