import { type Disclosure, WithdrawInput } from '@vigil/contracts'
import { can } from '../auth/can.js'
import { VigilError } from '../shared/errors.js'
import { parseInput } from '../shared/parse-input.js'
import type { DisclosureDeps } from './disclosure-ports.js'
import { load, type UserActor } from './disclosure-record.js'
import { step } from './disclosure-step.js'

/** Withdraws a disclosure that is not published, with a reason. Audited. */
export async function withdrawDisclosure(
  deps: DisclosureDeps,
  actor: UserActor,
  id: string,
  rawInput: unknown,
  now: Date,
): Promise<Disclosure> {
  if (!can(actor, 'disclose:write') && !can(actor, 'disclose:review'))
    throw new VigilError('AUTH_FORBIDDEN', 'only analysts and reviewers withdraw a disclosure', { permission: 'disclose:write' })
  const { reason } = parseInput(WithdrawInput, rawInput, 'withdrawal')
  await load(deps, actor, id)
  return step(
    deps,
    actor,
    id,
    ['draft', 'submitted', 'approved'],
    { status: 'withdrawn', withdrawReason: reason },
    { step: 'withdrawn', reason },
    now,
  )
}
