/*
 * Appending to a kore_buf that grows by doubling. Kore 4.1's
 * kore_buf_append() grows a buffer by exactly what is appended, so that
 * building a page or an export chunk of many small pieces reallocates and
 * copies the whole buffer for nearly every piece: a 90 KB catalogue page
 * spent three quarters of its time copying (perf, make bench).
 */

#include "octolearn.h"

void
ol_buf_append(struct kore_buf *buf, const void *data, size_t len)
{
	size_t		need, size;

	if (buf->offset + len < len)
		fatal("ol_buf_append: overflow");
	need = buf->offset + len;
	if (need > buf->length) {
		size = buf->length > 0 ? buf->length : 1024;
		while (size < need) {
			if (size > SIZE_MAX / 2)
				fatal("ol_buf_append: overflow");
			size *= 2;
		}
		buf->data = kore_realloc(buf->data, size);
		buf->length = size;
	}
	memcpy(buf->data + buf->offset, data, len);
	buf->offset += len;
}
