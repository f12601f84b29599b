import QRCode from 'qrcode'
import { useEffect, useState } from 'react'

/** A QR code drawn locally (the secret never leaves the page), as a data: image. */
export function QrCode({ text, label }: { readonly text: string; readonly label: string }) {
  const [src, setSrc] = useState<string>()
  useEffect(() => {
    let live = true
    void QRCode.toDataURL(text, { margin: 1, width: 200 }).then((url) => {
      if (live) setSrc(url)
    })
    return () => {
      live = false
    }
  }, [text])
  return src ? <img src={src} alt={label} width={200} height={200} /> : null
}
