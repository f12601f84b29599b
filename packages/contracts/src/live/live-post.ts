import { z } from 'zod'

/**
 * One post as live detection carries it: the normalised record batch detection builds
 * from a dump row (account, post id, time in epoch ms, normalised text, reshare, lists),
 * before it is expanded into its (signal, object) keys. Object fields are lists, so that a
 * post spread over several dump rows is one post. `texts` are normalised; `reshared` names
 * what a reshare reshares: the reshared post's id, or `text:` and its text.
 *
 * @example
 * LivePost.parse({ account: 'a1', post: 'p1', time: 0, reshare: false, texts: [], reshared: [], replyTo: [], urls: [], domains: [], hashtags: [], mentions: [], images: [] })
 */
export const LivePost = z.object({
  account: z.string().min(1),
  post: z.string().min(1),
  time: z.number().int(),
  reshare: z.boolean(),
  texts: z.array(z.string().min(1)),
  reshared: z.array(z.string().min(1)),
  replyTo: z.array(z.string().min(1)),
  urls: z.array(z.string().min(1)),
  domains: z.array(z.string().min(1)),
  hashtags: z.array(z.string().min(1)),
  mentions: z.array(z.string().min(1)),
  images: z.array(z.string().min(1)),
})
export type LivePost = z.infer<typeof LivePost>
