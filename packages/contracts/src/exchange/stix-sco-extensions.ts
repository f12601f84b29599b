import { z } from 'zod'
import { CUSTOM_PROPERTY, Extensions, Hashes, nonEmptyList, refTo, StixTimestamp } from './stix-common.js'

/** A STIX dictionary (§2.8): at least one key, keys of at most 250 ASCII letters, digits, `_`, `-`. */
export const Dictionary = z
  .record(z.string().regex(/^[a-zA-Z0-9_-]{1,250}$/, 'must be a dictionary key (letters, digits, _ and -)'), z.unknown())
  .refine((d) => Object.keys(d).length > 0, 'must not be empty')

/** Base64 as RFC 4648 writes it (STIX 2.1 §2.2, `binary`). */
export const Binary = z.string().regex(/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)?$/, 'must be base64')

/** An even number of hexadecimal digits (STIX 2.1 §2.6, `hex`). */
export const Hex = z.string().regex(/^([a-fA-F0-9]{2})+$/, 'must be a hex string')

/**
 * An object whose properties are the given ones, plus custom `x_…` properties (§11.1);
 * anything else is named as not a property of it.
 */
export function closedObject<S extends z.ZodRawShape>(shape: S) {
  return z.looseObject(shape).superRefine((o, ctx) => {
    for (const key of Object.keys(o)) {
      if (!(key in shape) && !CUSTOM_PROPERTY.test(key))
        ctx.addIssue({ code: 'custom', path: [key], message: 'is not a property of this type' })
    }
  })
}

/** `closedObject` that must carry at least one of its own properties. */
export function nonEmptyObject<S extends z.ZodRawShape>(shape: S) {
  return closedObject(shape).refine((o) => Object.keys(shape).some((k) => o[k] !== undefined), {
    message: `needs at least one of ${Object.keys(shape).join(', ')}`,
  })
}

/**
 * The `extensions` of an SCO type with predefined extensions (§6): each one it defines is
 * checked against its own schema, the others as any extension.
 */
export function extensionsWith(known: Readonly<Record<string, z.ZodType>>) {
  return Extensions.superRefine((extensions, ctx) => {
    for (const [key, schema] of Object.entries(known)) {
      if (!(key in extensions)) continue
      const parsed = schema.safeParse(extensions[key])
      if (!parsed.success) for (const i of parsed.error.issues) ctx.addIssue({ ...i, path: [key, ...i.path] } as never)
    }
  })
}

const text = z.string()
const int = z.int()
const strings = nonEmptyList(z.string())

// §6.7.2–6.7.6: the file extensions.
const FILE_EXTENSIONS = {
  'archive-ext': closedObject({ contains_refs: nonEmptyList(refTo('file', 'directory')), comment: text.optional() }),
  'ntfs-ext': nonEmptyObject({
    sid: text.optional(),
    alternate_data_streams: nonEmptyList(closedObject({ name: text, hashes: Hashes.optional(), size: int.min(0).optional() })).optional(),
  }),
  'pdf-ext': nonEmptyObject({
    version: text.optional(),
    is_optimized: z.boolean().optional(),
    document_info_dict: Dictionary.optional(),
    pdfid0: text.optional(),
    pdfid1: text.optional(),
  }),
  'raster-image-ext': nonEmptyObject({
    image_height: int.optional(),
    image_width: int.optional(),
    bits_per_pixel: int.optional(),
    exif_tags: Dictionary.optional(),
  }),
  'windows-pebinary-ext': closedObject({
    pe_type: text,
    imphash: text.optional(),
    machine_hex: Hex.optional(),
    number_of_sections: int.min(0).optional(),
    time_date_stamp: StixTimestamp.optional(),
    pointer_to_symbol_table_hex: Hex.optional(),
    number_of_symbols: int.min(0).optional(),
    size_of_optional_header: int.min(0).optional(),
    characteristics_hex: Hex.optional(),
    file_header_hashes: Hashes.optional(),
    optional_header: nonEmptyObject({
      magic_hex: Hex.optional(),
      major_linker_version: int.optional(),
      minor_linker_version: int.optional(),
      size_of_code: int.min(0).optional(),
      size_of_initialized_data: int.min(0).optional(),
      size_of_uninitialized_data: int.min(0).optional(),
      address_of_entry_point: int.optional(),
      base_of_code: int.optional(),
      base_of_data: int.optional(),
      image_base: int.optional(),
      section_alignment: int.optional(),
      file_alignment: int.optional(),
      major_os_version: int.optional(),
      minor_os_version: int.optional(),
      major_image_version: int.optional(),
      minor_image_version: int.optional(),
      major_subsystem_version: int.optional(),
      minor_subsystem_version: int.optional(),
      win32_version_value_hex: Hex.optional(),
      size_of_image: int.min(0).optional(),
      size_of_headers: int.min(0).optional(),
      checksum_hex: Hex.optional(),
      subsystem_hex: Hex.optional(),
      dll_characteristics_hex: Hex.optional(),
      size_of_stack_reserve: int.min(0).optional(),
      size_of_stack_commit: int.min(0).optional(),
      size_of_heap_reserve: int.optional(),
      size_of_heap_commit: int.optional(),
      loader_flags_hex: Hex.optional(),
      number_of_rva_and_sizes: int.optional(),
      hashes: Hashes.optional(),
    }).optional(),
    sections: nonEmptyList(
      closedObject({ name: text, size: int.min(0).optional(), entropy: z.number().optional(), hashes: Hashes.optional() }),
    ).optional(),
  }),
}

const SOCKET_OPTION = z.record(z.string().regex(/^SO_[A-Z0-9_]+$/, 'must be a socket option SO_…'), z.union([int, z.string()]))

// §6.12.2–6.12.5: the network-traffic extensions.
const NETWORK_TRAFFIC_EXTENSIONS = {
  'http-request-ext': closedObject({
    request_method: text,
    request_value: text,
    request_version: text.optional(),
    // The OASIS schema holds each header's values as a list.
    request_header: Dictionary.pipe(z.record(z.string(), nonEmptyList(text))).optional(),
    message_body_length: int.min(0).optional(),
    message_body_data_ref: refTo('artifact').optional(),
  }),
  'icmp-ext': closedObject({ icmp_type_hex: Hex, icmp_code_hex: Hex }),
  'socket-ext': closedObject({
    address_family: z.enum(['AF_UNSPEC', 'AF_INET', 'AF_IPX', 'AF_APPLETALK', 'AF_NETBIOS', 'AF_INET6', 'AF_IRDA', 'AF_BTH']),
    is_blocking: z.boolean().optional(),
    is_listening: z.boolean().optional(),
    options: SOCKET_OPTION.optional(),
    socket_type: z.enum(['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW', 'SOCK_RDM', 'SOCK_SEQPACKET']).optional(),
    socket_descriptor: int.min(0).optional(),
    socket_handle: int.optional(),
  }),
  'tcp-ext': nonEmptyObject({ src_flags_hex: Hex.optional(), dst_flags_hex: Hex.optional() }),
}

// §6.13.2–6.13.3: the process extensions.
const PROCESS_EXTENSIONS = {
  'windows-process-ext': nonEmptyObject({
    aslr_enabled: z.boolean().optional(),
    dep_enabled: z.boolean().optional(),
    priority: text.optional(),
    owner_sid: text.optional(),
    window_title: text.optional(),
    startup_info: Dictionary.optional(),
    integrity_level: z.enum(['low', 'medium', 'high', 'system']).optional(),
  }),
  'windows-service-ext': nonEmptyObject({
    service_name: text.optional(),
    descriptions: strings.optional(),
    display_name: text.optional(),
    group_name: text.optional(),
    start_type: z
      .enum(['SERVICE_AUTO_START', 'SERVICE_BOOT_START', 'SERVICE_DEMAND_START', 'SERVICE_DISABLED', 'SERVICE_SYSTEM_ALERT'])
      .optional(),
    service_dll_refs: nonEmptyList(refTo('file')).optional(),
    service_type: z
      .enum(['SERVICE_KERNEL_DRIVER', 'SERVICE_FILE_SYSTEM_DRIVER', 'SERVICE_WIN32_OWN_PROCESS', 'SERVICE_WIN32_SHARE_PROCESS'])
      .optional(),
    service_status: z
      .enum([
        'SERVICE_CONTINUE_PENDING',
        'SERVICE_PAUSE_PENDING',
        'SERVICE_PAUSED',
        'SERVICE_RUNNING',
        'SERVICE_START_PENDING',
        'SERVICE_STOP_PENDING',
        'SERVICE_STOPPED',
      ])
      .optional(),
  }),
}

// §6.16.2: the user-account extension.
const USER_ACCOUNT_EXTENSIONS = {
  'unix-account-ext': nonEmptyObject({
    gid: int.optional(),
    groups: strings.optional(),
    home_dir: text.optional(),
    shell: text.optional(),
  }),
}

/** The `extensions` property of the SCO types with predefined extensions. */
export const SCO_EXTENSIONS = {
  file: extensionsWith(FILE_EXTENSIONS),
  'network-traffic': extensionsWith(NETWORK_TRAFFIC_EXTENSIONS),
  process: extensionsWith(PROCESS_EXTENSIONS),
  'user-account': extensionsWith(USER_ACCOUNT_EXTENSIONS),
}
