export { type Env, EnvError, EnvSchema, loadEnv, parseEnv } from './env.ts';
