/**
 * The TAXII 2.1 media type (TAXII 2.1 §1.6.8). Requests and responses of every TAXII
 * endpoint carry it; without the version parameter it means the latest version, 2.1.
 *
 * @example
 * headers: { accept: TAXII_MEDIA_TYPE }
 */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1'

/** The STIX 2.1 media type, as listed in a collection's `media_types` and a manifest record. */
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1'
