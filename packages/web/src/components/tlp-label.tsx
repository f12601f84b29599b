import type { Tlp } from '@vigil/contracts'
import './tlp-label.css'

/**
 * A TLP 2.0 label as FIRST specifies it: the colour on a black background, upper case,
 * so it reads the same on screen, in print and to people who cannot tell the colours apart.
 */
export function TlpLabel({ tlp }: { readonly tlp: Tlp }) {
  return (
    <span className={`tlp tlp-${tlp.replace('+', '-')}`} title={`Traffic Light Protocol: ${tlp.toUpperCase()}`}>
      TLP:{tlp.toUpperCase()}
    </span>
  )
}
