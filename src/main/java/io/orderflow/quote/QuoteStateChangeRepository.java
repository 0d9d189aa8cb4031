package io.orderflow.quote;

import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface QuoteStateChangeRepository extends JpaRepository<QuoteStateChange, Long> {

    @Query("select c from QuoteStateChange c where c.quoteCode = ?1 order by c.id")
    List<QuoteStateChange> findByQuoteCodeOrderByIdAsc(String quoteCode);

    @Query("select c from QuoteStateChange c where c.quoteCode = ?1 order by c.id desc limit 1")
    Optional<QuoteStateChange> findFirstByQuoteCodeOrderByIdDesc(String quoteCode);

    @Query("select c from QuoteStateChange c where c.quoteCode = ?1 and c.id > ?2 order by c.id")
    List<QuoteStateChange> findByQuoteCodeAndIdGreaterThanOrderByIdAsc(String quoteCode, long id);

    @Query("select c from QuoteStateChange c where c.id > ?1 order by c.id")
    List<QuoteStateChange> findByIdGreaterThanOrderByIdAsc(long id, Pageable page);

    @Query("select coalesce(max(c.id), 0) from QuoteStateChange c")
    long maxId();
}
