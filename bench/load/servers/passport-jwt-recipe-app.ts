// D: the recipe a Node developer writes today, passport-jwt with jwks-rsa's passportJwtSecret, on
// Express or Fastify with Nest's default body parser.
//   node passport-jwt-recipe-app.js <express|fastify> <port> <jwksUri> <appId>
import 'reflect-metadata';
import {
  Controller,
  HttpCode,
  Injectable,
  Module,
  Post,
  UseGuards,
} from '@nestjs/common';
import { AuthGuard, PassportModule, PassportStrategy } from '@nestjs/passport';
import { passportJwtSecret } from 'jwks-rsa';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { listenOn } from './listen.js';

const [adapter, port, jwksUri, appId] = process.argv.slice(2);

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

@Controller()
class AppController {
  @Post('api/calls')
  @HttpCode(202)
  @UseGuards(AuthGuard('jwt'))
  receive(): void {}
}

@Module({
  imports: [PassportModule],
  providers: [PlainJwtStrategy],
  controllers: [AppController],
})
class AppModule {}

await listenOn(AppModule, adapter, Number(port));
