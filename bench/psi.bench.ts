// PSI end to end: an initiator with 100,000 phone numbers against a responder with 1,000,000,
// sharing 10,000, both halves in this process on a pool of worker threads (both cores).
// Sizes: PSI_BENCH_INITIATOR, PSI_BENCH_RESPONDER; threads: PSI_BENCH_WORKERS (default 2).
import { randomUUID } from 'node:crypto'
import { availableParallelism, cpus, loadavg } from 'node:os'
import { finishInitiator, respond, startInitiator } from '@vigil/core'
import { createNativeX25519Group, nodeRandom } from '@vigil/storage'

const initiatorSize = Number(process.env.PSI_BENCH_INITIATOR ?? 100_000)
const responderSize = Number(process.env.PSI_BENCH_RESPONDER ?? 1_000_000)
const workers = Number(process.env.PSI_BENCH_WORKERS ?? Math.min(2, availableParallelism()))
const overlap = Math.min(10_000, initiatorSize, responderSize)
const phone = (i: number) => `+1555${String(i).padStart(7, '0')}`
// The responder's numbers start where the initiator's last `overlap` numbers are.
const mine = Array.from({ length: initiatorSize }, (_, i) => phone(i))
const theirs = Array.from({ length: responderSize }, (_, i) => phone(initiatorSize - overlap + i))
const binding = { sessionId: randomUUID(), initiatorOrgId: randomUUID(), responderOrgId: randomUUID() }
const limits = { maxSetSize: Math.max(initiatorSize, responderSize) }

console.log(`${initiatorSize} x ${responderSize} selectors, ${overlap} shared, ${workers} worker thread(s), ${cpus()[0]?.model ?? 'cpu'}`)
console.log(
  `load average before: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
const group = createNativeX25519Group({ workers })
try {
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const { state, message } = await startInitiator(group, nodeRandom, binding, 'phone', mine, limits)
  const t1 = performance.now()
  const reply = await respond(group, nodeRandom, binding, 'phone', theirs, message, limits)
  const t2 = performance.now()
  const result = await finishInitiator(group, state, reply, limits)
  const t3 = performance.now()
  if (result.shared.length !== overlap) throw new Error(`expected ${overlap} shared, found ${result.shared.length}`)
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
  console.log(`initiator, hash and blind its set:                  ${s(t1 - t0)}`)
  console.log(`responder, re-blind the initiator's + hash and blind its own: ${s(t2 - t1)}`)
  console.log(`initiator, blind the responder's set and compare:   ${s(t3 - t2)}`)
  const cpu = process.cpuUsage(cpu0)
  console.log(`total:                                              ${s(t3 - t0)} (${result.shared.length} shared, exact)`)
  // CPU time of all threads: on a shared machine, the wall time says more about the neighbours.
  console.log(`CPU time, all threads:                              ${s((cpu.user + cpu.system) / 1000)}`)
  const hashes = initiatorSize + responderSize
  const multiplications = 2 * (initiatorSize + responderSize)
  console.log(
    `${hashes} hashes to the group and ${multiplications} scalar multiplications: ${((hashes + multiplications) / ((t3 - t0) / 1000)).toFixed(0)} operations/s`,
  )
  console.log(
    `message sizes: ${(message.blinded.length / 1e6).toFixed(1)} MB to the responder, ${((reply.doubleBlinded.length + reply.responderBlinded.length) / 1e6).toFixed(1)} MB back`,
  )
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  )
} finally {
  await group.close()
}
