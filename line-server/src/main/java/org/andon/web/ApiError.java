package org.andon.web;

import org.andon.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** REST refusals in the same shape as protocol refusals: a code and a message. */
@RestControllerAdvice
class ApiError {

	record Body(ErrorCode code, String message) {
	}

	static class NotFound extends RuntimeException {

		final ErrorCode code;

		NotFound(ErrorCode code, String message) {
			super(message);
			this.code = code;
		}
	}

	@ExceptionHandler(NotFound.class)
	ResponseEntity<Body> notFound(NotFound ex) {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(new Body(ex.code, ex.getMessage()));
	}

	@ExceptionHandler({ MethodArgumentTypeMismatchException.class, IllegalArgumentException.class })
	ResponseEntity<Body> badParameter(Exception ex) {
		return ResponseEntity.badRequest().body(new Body(ErrorCode.INVALID_FIELD, ex.getMessage()));
	}
}
