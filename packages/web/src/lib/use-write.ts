import { useMutation, useQueryClient } from '@tanstack/react-query'

/** A write to the API that refreshes the list it changed (the queries under `key`). */
export function useWrite<I, O>(key: string, write: (input: I) => Promise<O>) {
  const client = useQueryClient()
  return useMutation({ mutationFn: write, onSuccess: () => client.invalidateQueries({ queryKey: [key] }) })
}
