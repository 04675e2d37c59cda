/** How PlayAuth credentials are issued: fetched from VOD ({@code upstream}) or minted locally ({@code local-jwt}). */
@NullMarked
package dev.playgate.gateway.playauth;

import org.jspecify.annotations.NullMarked;
