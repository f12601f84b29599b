import { describeKillsDuring } from './test-support/serve-faults-suite.js'

describeKillsDuring(['taxii-add', 'rest-import'])
