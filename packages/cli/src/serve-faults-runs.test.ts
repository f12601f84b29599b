import { describeKillsDuring } from './test-support/serve-faults-suite.js'

describeKillsDuring(['detect-results', 'audit-append'])
