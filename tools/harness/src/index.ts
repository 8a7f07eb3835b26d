export { startServices, type Services, type StartOptions } from './services';
export { startPostgres, type PostgresOptions, type PostgresServer } from './postgres';
export {
  startRedis,
  startRedisCluster,
  startRedisSentinel,
  type RedisCluster,
  type RedisSentinel,
  type RedisServer,
} from './redis';
export { HarnessError } from './errors';
export { startMailServer, type MailServer, type ReceivedMail } from './mail';
export { Navigator, throughProvider } from './navigator';
export { startOidcProvider, type OidcAccount, type OidcClient, type OidcProvider } from './oidc';
export { freePort } from './process';
export { createDatabaseFromTemplate, createEmptyDatabase, createTemplateDatabase, databaseUrl } from './database';
export { startStack, type Stack, type StackOptions } from './stack';
export { seedHistory, MONTH_OF_HISTORY, type HistoryShape } from './seed-history';
export { replayHistory, addMonthlyPartitions, type ReplayOptions, type ReplayCounts } from './replay-history';
export { launchChromium, CHROMIUM } from './chromium';
export { adfProblems, pagerDutyProblems, slackProblems, teamsProblems } from './alert-formats';
export {
  FakeJira,
  FakePagerDuty,
  FakeSlack,
  FakeTeams,
  type JiraIssue,
  type PagerDutyAlert,
  type ServiceRequest,
} from './alert-services';
