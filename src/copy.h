/*
 * copy.h - how an attempt to print a span ended, shared by the engines.
 */
#ifndef MMCAT_COPY_H
#define MMCAT_COPY_H

enum copy_result {
	COPY_DONE,
	COPY_SHRANK,		/* the file lost bytes of the span under us */
	COPY_OUTPUT_ERROR,	/* writing to standard output failed: fatal */
	COPY_INPUT_ERROR,	/* fstat or read of the source failed */
	COPY_CANNOT_MAP,	/* mmap refused: read the rest instead */
	COPY_REFUSED		/* the range is past EOF or breaks --strict */
};

#endif
