import { Module } from '@nestjs/common';
import { PeopleRepository } from './people.repository';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';

/** Sessions and the people they sign in: what authenticating a browser needs (AuthModule's gate too). */
@Module({
  providers: [SessionsRepository, PeopleRepository, SessionsService],
  exports: [SessionsRepository, PeopleRepository, SessionsService],
})
export class SessionsModule {}
