import { BadRequestError, ConflictError, NotFoundError } from './http-errors.js';
import type { NubesErrorCode } from './codes.js';
import { NubesError, registerErrorClasses } from './nubes-error.js';

// Compute

/** The node (server) does not exist. */
export class NodeDoesNotExistError extends NotFoundError {
  override readonly name = 'NodeDoesNotExistError';
  override readonly code = 'NUBES_ERR_NODE_NOT_FOUND';
}

/** The image (template, AMI, snapshot usable as an image) does not exist. */
export class ImageDoesNotExistError extends NotFoundError {
  override readonly name = 'ImageDoesNotExistError';
  override readonly code = 'NUBES_ERR_IMAGE_NOT_FOUND';
}

/** The SSH key pair does not exist. */
export class KeyPairDoesNotExistError extends NotFoundError {
  override readonly name = 'KeyPairDoesNotExistError';
  override readonly code = 'NUBES_ERR_KEY_PAIR_NOT_FOUND';
}

/**
 * A wait ran out of time: a long-running operation (a GCE operation, an ARM
 * `Azure-AsyncOperation`, a Route 53 or Cloud DNS change, a DigitalOcean action) was not
 * finished before the poller's `deadline`/`timeout`. The operation may still complete on
 * the provider's side; the message names what was awaited and its last known state.
 */
export class WaitTimeoutError extends NubesError {
  override readonly name: string = 'WaitTimeoutError';
  override readonly code: NubesErrorCode = 'NUBES_ERR_WAIT_TIMEOUT';
}

/**
 * A long-running operation finished, and the provider reports it failed. `providerCode`
 * holds the provider's reason (GCE `errors[].code`, ARM `error.code`).
 */
export class OperationFailedError extends NubesError {
  override readonly name = 'OperationFailedError';
  override readonly code = 'NUBES_ERR_OPERATION_FAILED';
}

/**
 * A paged listing went wrong: the provider handed back a cursor it had already given
 * (which would loop forever), or the listing needed more pages than `maxPages` allows.
 */
export class PaginationError extends NubesError {
  override readonly name = 'PaginationError';
  override readonly code = 'NUBES_ERR_PAGINATION';
}

/** A node did not reach the wanted state before `waitUntilRunning`'s timeout. */
export class NodeStateTimeoutError extends WaitTimeoutError {
  override readonly name = 'NodeStateTimeoutError';
  override readonly code = 'NUBES_ERR_NODE_STATE_TIMEOUT';
}

// Storage

/** The container (bucket) does not exist. */
export class ContainerDoesNotExistError extends NotFoundError {
  override readonly name = 'ContainerDoesNotExistError';
  override readonly code = 'NUBES_ERR_CONTAINER_NOT_FOUND';
}

/** A container with this name already exists (possibly owned by someone else). */
export class ContainerAlreadyExistsError extends ConflictError {
  override readonly name = 'ContainerAlreadyExistsError';
  override readonly code = 'NUBES_ERR_CONTAINER_EXISTS';
}

/** The container still holds objects and cannot be deleted. */
export class ContainerIsNotEmptyError extends ConflictError {
  override readonly name = 'ContainerIsNotEmptyError';
  override readonly code = 'NUBES_ERR_CONTAINER_NOT_EMPTY';
}

/** The container name breaks the provider's naming rules. */
export class InvalidContainerNameError extends BadRequestError {
  override readonly name = 'InvalidContainerNameError';
  override readonly code = 'NUBES_ERR_INVALID_CONTAINER_NAME';
}

/** The object does not exist. */
export class ObjectDoesNotExistError extends NotFoundError {
  override readonly name = 'ObjectDoesNotExistError';
  override readonly code = 'NUBES_ERR_OBJECT_NOT_FOUND';
}

/** The digest of the bytes sent or received differs from the provider's. Nothing partial is kept. */
export class ObjectHashMismatchError extends NubesError {
  override readonly name = 'ObjectHashMismatchError';
  override readonly code = 'NUBES_ERR_OBJECT_HASH_MISMATCH';
}

/**
 * A download's byte count differs from what is known of the object (Content-Length,
 * Content-Range, the object's size): the body ended short, ran long, or started at
 * another byte than asked. A stream fails before its end; a file download leaves no file.
 */
export class ObjectSizeMismatchError extends NubesError {
  override readonly name = 'ObjectSizeMismatchError';
  override readonly code = 'NUBES_ERR_OBJECT_SIZE_MISMATCH';
}

/**
 * The source of an upload (the stream, iterable or file given to `uploadObject*`)
 * failed. `cause` holds the source's own error; the partial upload was cleaned up.
 */
export class UploadSourceError extends NubesError {
  override readonly name = 'UploadSourceError';
  override readonly code = 'NUBES_ERR_UPLOAD_SOURCE';
}

/** The local destination file exists and `overwriteExisting` was not set. */
export class FileExistsError extends NubesError {
  override readonly name = 'FileExistsError';
  override readonly code = 'NUBES_ERR_FILE_EXISTS';
}

// DNS

/** The zone does not exist. */
export class ZoneDoesNotExistError extends NotFoundError {
  override readonly name = 'ZoneDoesNotExistError';
  override readonly code = 'NUBES_ERR_ZONE_NOT_FOUND';
}

/** A zone for this domain already exists. */
export class ZoneAlreadyExistsError extends ConflictError {
  override readonly name = 'ZoneAlreadyExistsError';
  override readonly code = 'NUBES_ERR_ZONE_EXISTS';
}

/** The record does not exist. */
export class RecordDoesNotExistError extends NotFoundError {
  override readonly name = 'RecordDoesNotExistError';
  override readonly code = 'NUBES_ERR_RECORD_NOT_FOUND';
}

/** The record already exists. */
export class RecordAlreadyExistsError extends ConflictError {
  override readonly name = 'RecordAlreadyExistsError';
  override readonly code = 'NUBES_ERR_RECORD_EXISTS';
}

// Load balancers

/** The load balancer does not exist. */
export class LoadBalancerDoesNotExistError extends NotFoundError {
  override readonly name = 'LoadBalancerDoesNotExistError';
  override readonly code = 'NUBES_ERR_BALANCER_NOT_FOUND';
}

registerErrorClasses({ NodeDoesNotExistError, ImageDoesNotExistError, KeyPairDoesNotExistError, WaitTimeoutError, OperationFailedError, PaginationError, NodeStateTimeoutError, ContainerDoesNotExistError, ContainerAlreadyExistsError, ContainerIsNotEmptyError, InvalidContainerNameError, ObjectDoesNotExistError, ObjectHashMismatchError, ObjectSizeMismatchError, UploadSourceError, FileExistsError, ZoneDoesNotExistError, ZoneAlreadyExistsError, RecordDoesNotExistError, RecordAlreadyExistsError, LoadBalancerDoesNotExistError });
